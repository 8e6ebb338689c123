// The victim of the crash test: writes durable counters as fast as it can and prints one line per
// acknowledged write, until the test kills it with SIGKILL. Nothing here is graceful on purpose.
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ThreeSocial.Grains.Counters;
using ThreeSocial.Runtime;
using ThreeSocial.Runtime.Hosting;
using ThreeSocial.TestGrains;

var options = args.Chunk(2).ToDictionary(p => p[0].TrimStart('-'), p => p[1]);
var grains = int.Parse(options.GetValueOrDefault("grains", "2000"), CultureInfo.InvariantCulture);
var workers = int.Parse(options.GetValueOrDefault("workers", "64"), CultureInfo.InvariantCulture);

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Services.AddSqliteGrainStorage(o => o.Path = options["db"]);
builder.Services.AddGrainRuntime(o => o.AddGrainAssembly(typeof(CounterGrain).Assembly).AddGrainAssembly(typeof(ReminderProbeGrain).Assembly));
using var host = builder.Build();
await host.StartAsync();
var factory = host.Services.GetRequiredService<IGrainFactory>();

var output = Console.Out;
if (options.TryGetValue("reminder-due", out var due))
{
    var at = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(due, CultureInfo.InvariantCulture));
    await factory.GetGrain<IReminderProbeGrain>("crash-probe").RegisterAt("missed-while-down", at, null);
    output.WriteLine("reminder-registered");
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
