using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Communities;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Silo;
using ThreeSocial.Silo.DemoCity;
using ThreeSocial.Api.Auth;
using ThreeSocial.Grains.Users;

namespace ThreeSocial.Benchmarks.Live;

/// <summary>
/// The live map under load: N map clients (the .NET SignalR client over WebSockets) spread over the city, district and
/// street groups, while responders' duty changes flow into the communities at a fixed rate (each a durable write that
/// the community, its street, its district and the city publish). Measures delivery latency from the oldest grain event
/// in a delta to its arrival, messages per client per second, process CPU, and the broadcaster's own time per second.
/// </summary>
internal static class LiveLoad
{
    private static readonly string[] Districts = ["500103", "500105", "500106", "500107", "500108"];

    public static async Task RunAsync(int clients, int updatesPerSecond, TimeSpan duration)
    {
        var folder = Path.Combine(Path.GetTempPath(), "threesocial-bench", Guid.NewGuid().ToString("N"));
        var app = SiloApplication.Build(["--urls", "http://127.0.0.1:0", "--Storage:Sqlite:Path", Path.Combine(folder, "live.db"),
            "--Logging:LogLevel:Default", "Warning", "--City:LoadDemo", "false", "--Orleans:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            // A thousand map clients sign in as one operator: the per-user request limits are not what this measures.
            "--Auth:PermitsPerSecond", "1000000", "--Auth:Burst", "1000000", "--Auth:SignInsPerMinute", "100000"]);
        await app.StartAsync();
        var catalog = app.Services.GetRequiredService<RegionCatalog>();
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var hub = new Uri(new Uri(app.Urls.First()), "/hubs/city");
        await DemoUsers.Created(app.Services);
        var token = app.Services.GetRequiredService<AccessTokens>().Issue((await grains.GetGrain<IUserGrain>("operator").GetAccess())!).AccessToken;

        var flushMs = 0.0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) => { if (i.Name == "threesocial.live.flush.duration") l.EnableMeasurementEvents(i); };
        listener.SetMeasurementEventCallback<double>((_, ms, _, _) => { lock (listener) flushMs += ms; });
        listener.Start();

        // Who watches what: a tenth the city, three tenths a district, the rest a street of those districts.
        var streets = Districts.SelectMany(d => catalog.Children(d)).Select(s => s.Code).ToList();
        var latencies = new ConcurrentBag<double>();
        long messages = 0;
        var measuring = false;
        var connected = new List<MapClient>();
        for (var i = 0; i < clients; i++)
        {
            var group = (i % 10) switch { 0 => "500000", < 4 => Districts[i % Districts.Length], _ => streets[i % streets.Count] };
            var client = await MapClient.ConnectAsync(hub, token, onMessage: (target, argument, at) =>
            {
                if (target != "delta" || !Volatile.Read(ref measuring)) return;
                Interlocked.Increment(ref messages);
                var first = argument.GetProperty("firstEventAt").GetInt64();
                if (first > 0) latencies.Add(at.ToUnixTimeMilliseconds() - first);
            });
            await client.JoinAsync(group);
            connected.Add(client);
        }

        // Responders of those districts, each toggled on and off duty with a rising version.
        var responders = catalog.City.Responders.Where(r => Districts.Contains(RegionCode.Parse(r.HomeCommunity).District.ToString())).Take(20_000).ToArray();
        var versions = new long[responders.Length];
        var random = new Random(7);
        var sent = 0L;
        var failed = 0L;

        async Task Drive(TimeSpan length)
        {
            var tick = TimeSpan.FromMilliseconds(20);
            var perTick = updatesPerSecond * tick.TotalSeconds;
            var owed = 0.0;
            var clock = Stopwatch.StartNew();
            using var timer = new PeriodicTimer(tick);
            var inFlight = new List<Task>();
            while (clock.Elapsed < length && await timer.WaitForNextTickAsync())
            {
                owed += perTick;
                for (; owed >= 1; owed--)
                {
                    var n = random.Next(responders.Length);
                    var r = responders[n];
                    var version = ++versions[n];
                    inFlight.Add(grains.GetGrain<ICommunityGrain>(r.HomeCommunity)
                        .SetResponderDuty(new ResponderDuty(r.Id, r.Role, [.. r.Skills], version % 2 == 1, version))
                        .ContinueWith(t => { if (t.IsFaulted) Interlocked.Increment(ref failed); else Interlocked.Increment(ref sent); }, TaskScheduler.Default));
                }
                if (inFlight.Count > 20_000) { await Task.WhenAll(inFlight); inFlight.Clear(); }
            }
            await Task.WhenAll(inFlight);
        }

        await Drive(TimeSpan.FromSeconds(3)); // warm-up: activations, JIT
        Interlocked.Exchange(ref sent, 0);
        lock (listener) flushMs = 0;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        Volatile.Write(ref measuring, true);
        await Drive(duration);
        await Task.Delay(1000); // the last flushes
        Volatile.Write(ref measuring, false);
        var seconds = wall.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;

        var sorted = latencies.OrderBy(x => x).ToList();
        double At(double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
        Console.WriteLine($"Live map: {clients} clients, {updatesPerSecond:N0} duty updates/s asked, {sent / duration.TotalSeconds:N0}/s done ({failed} failed), {duration.TotalSeconds:0} s:");
        Console.WriteLine($"  delivery latency (oldest event in a delta to arrival): p50 {At(0.5):0} ms, p99 {At(0.99):0} ms, max {(sorted.Count == 0 ? 0 : sorted[^1]):0} ms (n={sorted.Count:N0})");
        Console.WriteLine($"  messages per client per second: {(clients == 0 ? 0 : messages / seconds / clients):0.00}");
        Console.WriteLine($"  process CPU (silo, load driver and clients together): {cpu / seconds * 100:0}% of one core; broadcaster flushes {flushMs / seconds:0.0} ms per second");

        foreach (var c in connected) await c.DisposeAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
