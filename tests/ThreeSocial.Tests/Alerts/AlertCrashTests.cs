using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Tests.Crash;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Alerts;

[Trait("Category", TestCategory.Crash)]
public sealed class AlertCrashTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task An_alert_raised_just_before_the_silo_is_killed_with_SIGKILL_is_delivered_once_after_it_starts_again()
    {
        var store = _temp.File("alerts.db");
        var port = WebhookReceiver.ClosedPort(); // nothing listens yet: every attempt before the kill fails
        using var child = CrashWriter.Start(["--alert-to", $"http://127.0.0.1:{port}/cap", "--Storage:Provider", "Sqlite", "--Storage:Sqlite:Path", store, "--Alerts:Webhooks:AllowedHosts:0", "127.0.0.1"]);
        string[]? raised = null;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        child.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.StartsWith("alert-raised ", StringComparison.Ordinal) != true) return;
            raised = line.Data.Split(' ');
            ready.TrySetResult();
        };
        child.BeginOutputReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(90));
        await Task.Delay(300); // a first attempt is refused
        child.Kill(entireProcessTree: true); // SIGKILL: nothing graceful runs
        child.WaitForExit();

        await using var receiver = await WebhookReceiver.StartAsync(port: port);
        await using var silo = await TestSilo.StartAsync(store, services: s => s
            .AddSingleton(_ => RegionCatalog.OfDemoCity(42)).AddSingleton<WebhookSender>());
        var alert = silo.Grains.GetGrain<IAlertGrain>(raised![1]);

        // The delivery's backstop is a one-minute reminder: a tick missed while the silo was down comes within a minute.
        await Eventually.True(async () => (await alert.Get())?.Delivery == DeliverySummary.Delivered, "delivered after the restart", 90_000);
        await Task.Delay(500);
        Assert.Single(receiver.Requests, r => r.AnsweredWith == 200 && r.Identifier == raised[2]);
    }
}
