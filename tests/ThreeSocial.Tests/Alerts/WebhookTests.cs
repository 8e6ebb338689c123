using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Tests.Incidents;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Alerts;

/// <summary>
/// Webhook delivery to a real receiver, on virtual time (backoff and giving up after 60 minutes pass when the test lets
/// them): retried until a 2xx, signed, recorded, and resumed after a restart.
/// </summary>
[Trait("Category", TestCategory.Grain)]
public sealed class WebhookTests() : IncidentTest
{
    private static readonly AlertDeliveryOptions Delivery = new() { GiveUpAfter = TimeSpan.FromMinutes(60), RequestTimeout = TimeSpan.FromSeconds(5) };

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(Delivery)).AddSingleton<WebhookSender>();
    }

    private static string Street => Catalog.Locate(Scene.Lon, Scene.Lat)!.Street.Code;

    private async Task<(IAlertGrain Alert, AlertView View)> Raise(string subject)
    {
        var alert = Grains.GetGrain<IAlertGrain>(AlertIds.For(Street, "no-responder", subject));
        var view = await alert.Raise(new AlertCondition("no-responder", Street, "500103", subject, "无人具备急救技能", Clock.GetUtcNow(), "PublicHealth"));
        return (alert, view);
    }

    private async Task<AlertView> PassUntil(IAlertGrain alert, Func<AlertView, bool> condition, string what, TimeSpan limit)
    {
        AlertView view = null!;
        await Clock.PassUntil(async () => condition(view = (await alert.Get())!), what, limit);
        return view;
    }

    [Fact]
    public async Task A_receiver_that_refuses_twice_gets_the_message_once_signed_and_valid_and_every_attempt_is_recorded()
    {
        await using var receiver = await WebhookReceiver.StartAsync(refuseFirst: 2);
        var subscription = await Grains.GetGrain<IWebhookSubscriptionsGrain>(Street).Add(receiver.Url, null, "street-office");

        var (alert, raised) = await Raise("INC-webhook-1");
        var delivered = await PassUntil(alert, a => a.Delivery == DeliverySummary.Delivered, "delivered after the refusals", TimeSpan.FromMinutes(10));

        var requests = receiver.Requests.ToList();
        Assert.Equal([503, 503, 200], requests.Select(r => r.AnsweredWith));
        Assert.All(requests, r => Assert.Equal(raised.Messages[0].Identifier, r.Identifier)); // the same message each time: dedupe by identifier
        Assert.Single(requests, r => r.AnsweredWith == 200);
        Assert.All(requests, r => Assert.True(WebhookSignature.Verify(r.Body, subscription.Secret, r.Signature), "the signature verifies"));
        Assert.False(WebhookSignature.Verify(requests[0].Body, subscription.Secret + "x", requests[0].Signature));
        CapSchema.AssertValid(XDocument.Parse(System.Text.Encoding.UTF8.GetString(requests[^1].Body)));
        var receipt = (await Grains.GetGrain<IAlertDeliveryGrain>(delivered.Deliveries!.Keys.Single()).Get())!;
        Assert.Equal(DeliveryOutcome.Delivered, receipt.Outcome);
        Assert.Equal([503, 503, 200], receipt.Attempts.Select(a => a.Status));
        Assert.True(receipt.Attempts[1].At > receipt.Attempts[0].At, "retried later, not at once");
        var inbox = await Grains.GetGrain<IAlertInboxGrain>(Street).List(null, null, 10);
        Assert.Equal(DeliverySummary.Delivered, inbox.Single(e => e.AlertId == AlertIds.For(Street, "no-responder", "INC-webhook-1")).Delivery);

        await alert.Clear("someone on scene"); // the Cancel is delivered too, as a second message
        await PassUntil(alert, a => a.Delivery == DeliverySummary.Delivered && a.Deliveries!.Count == 2, "the Cancel is delivered", TimeSpan.FromMinutes(10));
        Assert.Equal(2, receiver.Requests.Count(r => r.AnsweredWith == 200));
    }

    [Fact]
    public async Task A_receiver_down_for_the_whole_period_leaves_the_alert_in_the_inbox_marked_undelivered()
    {
        var closedPort = WebhookReceiver.ClosedPort();
        await Grains.GetGrain<IWebhookSubscriptionsGrain>(Street).Add($"http://127.0.0.1:{closedPort}/cap", "a-secret-of-16-chars", "street-office");

        var (alert, _) = await Raise("INC-webhook-2");
        var view = await PassUntil(alert, a => a.Delivery == DeliverySummary.Undelivered, "given up after 60 simulated minutes", TimeSpan.FromMinutes(90));

        var receipt = (await Grains.GetGrain<IAlertDeliveryGrain>(view.Deliveries!.Keys.Single()).Get())!;
        Assert.True(receipt.Attempts.Length >= 3, $"retried with backoff ({receipt.Attempts.Length} attempts)");
        Assert.All(receipt.Attempts, a => Assert.NotNull(a.Error));
        var inbox = await Grains.GetGrain<IAlertInboxGrain>(Street).List(AlertStatus.Open, null, 10);
        Assert.Equal(DeliverySummary.Undelivered, inbox.Single(e => e.AlertId == AlertIds.For(Street, "no-responder", "INC-webhook-2")).Delivery);
    }

    [Fact]
    public async Task A_delivery_pending_when_the_silo_stops_is_delivered_after_it_starts_again()
    {
        var port = WebhookReceiver.ClosedPort();
        await Grains.GetGrain<IWebhookSubscriptionsGrain>(Street).Add($"http://127.0.0.1:{port}/cap", "a-secret-of-16-chars", "street-office");
        var (_, raised) = await Raise("INC-webhook-3");
        await Eventually.True(async () => (await Grains.GetGrain<IAlertDeliveryGrain>(raised.Deliveries?.Keys.SingleOrDefault() ?? "none").Get()) is { Attempts.Length: > 0 },
            "a first attempt failed", 10_000);

        await RestartAsync(); // the receiver comes up while the silo is down
        await using var receiver = await WebhookReceiver.StartAsync(port: port);

        var alert = Grains.GetGrain<IAlertGrain>(raised.Id);
        await PassUntil(alert, a => a.Delivery == DeliverySummary.Delivered, "delivered after the restart", TimeSpan.FromMinutes(30));
        Assert.Single(receiver.Requests, r => r.AnsweredWith == 200 && r.Identifier == raised.Messages[0].Identifier);
    }
}
