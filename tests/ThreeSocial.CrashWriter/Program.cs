using ThreeSocial.Grains.Common;
using ThreeSocial.Clocks;
// The victim of the crash test: writes durable counters as fast as it can and prints one line per
// acknowledged write, until the test kills it with SIGKILL. Nothing here is graceful on purpose.
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.TestGrains;
using ThreeSocial.Grains.Regions;
using Orleans.Hosting;
using Orleans.Runtime;
using ThreeSocial.Events;
using ThreeSocial.Storage.Hosting;

// Arguments are configuration: --grains 2000 --workers 64 --Storage:Provider Postgres --Storage:Postgres:ConnectionString "…"
var builder = Host.CreateApplicationBuilder(args);
var grains = builder.Configuration.GetValue("grains", 2000);
var workers = builder.Configuration.GetValue("workers", 64);
builder.Logging.ClearProviders();
// Alerts need the city (for their CAP areas), a webhook sender and the event stream they publish to.
builder.Services.AddSingleton(_ => RegionCatalog.OfDemoCity(42)).AddAlertDelivery(builder.Configuration);
builder.Services.AddGrainClock(TimeProvider.System);
builder.Configuration["Cluster:SiloPort"] ??= builder.Configuration["silo-port"];
builder.UseOrleans(silo => silo.UseThreeSocialStorage(builder.Configuration));
builder.Services.AddEventStream();
builder.Services.AddReferenceData();
using var host = builder.Build();
await host.StartAsync();
var factory = host.Services.GetRequiredService<IGrainFactory>();

var output = Console.Out;
if (builder.Configuration["reminder-due"] is { } due)
{
    var at = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(due, CultureInfo.InvariantCulture));
    await factory.GetGrain<IReminderProbeGrain>("crash-probe").RegisterAt("once-missed-while-down", at, null);
    output.WriteLine("reminder-registered");
}

// --alert-to URL: subscribe the URL for a street's alerts, raise one, say so, and wait to be killed while its
// delivery fails (nothing listens there yet).
if (builder.Configuration["alert-to"] is { } url)
{
    var street = RegionCatalog.OfDemoCity(42).Children("500103")[0].Code;
    await factory.GetGrain<IWebhookSubscriptionsGrain>(street).Add(url, "a-secret-of-16-chars", "crash-test");
    var alert = factory.GetGrain<IAlertGrain>(AlertIds.For(street, "no-responder", "INC-crash-alert"));
    var raised = await alert.Raise(new AlertCondition("no-responder", street, "500103", "INC-crash-alert", "nobody with first aid", DateTimeOffset.UtcNow, "PublicHealth"));
    output.WriteLine($"alert-raised {raised.Id} {raised.Messages[0].Identifier}");
    await Task.Delay(Timeout.Infinite);
}

await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
{
    var random = new Random(w);
    while (true)
    {
        var key = "g" + random.Next(grains).ToString(CultureInfo.InvariantCulture);
        var value = await factory.GetGrain<ICounterGrain>(key).Increment();
        output.WriteLine($"ack {key} {value}");
    }
})));
