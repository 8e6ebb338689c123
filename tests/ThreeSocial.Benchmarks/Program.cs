// Benchmarks of the grains on Orleans on this machine. Each prints its figures; docs/benchmarks.md records them.
//   dotnet run -c Release --project tests/ThreeSocial.Benchmarks -- <calls|latency|writes|orleans-sqlite|appends|memory|ratio|lookup|city|http|live|providers|cross-silo|all> [seconds]
//   dotnet run -c Release --project tests/ThreeSocial.Benchmarks -- frontdoor http://127.0.0.1:5080   (a running cluster: scripts/cluster.sh)
// seconds (calls, latency, writes, orleans-sqlite) shortens each measurement for a quick look; the recorded figures use the defaults.
using System.Diagnostics;
using BenchmarkDotNet.Running;
using ThreeSocial.Benchmarks;

var mode = args.FirstOrDefault() ?? "all";
double? seconds = args.Length > 1 && double.TryParse(args[1], System.Globalization.CultureInfo.InvariantCulture, out var given) ? given : null;
TimeSpan For(double byDefault) => TimeSpan.FromSeconds(seconds ?? byDefault);
Console.WriteLine($"# {DateTime.UtcNow:u}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");

if (mode is "ratio" or "all") BenchmarkRunner.Run<CallOverheadBenchmark>(args: [.. args.Skip(1)]);
if (mode is "calls" or "latency" or "all")
{
    var max = await CallLoad.ThroughputAsync(callers: 100, grains: 10_000, For(10));
    if (mode != "calls") await CallLoad.LatencyAtRateAsync(callers: 100, grains: 10_000, rate: max / 2, For(10));
}
if (mode is "writes" or "all")
{
    RawSqlite.Measure(For(3));
    await DurableWrites.RunAsync(writers: 2000, grains: 20_000, batch: 1024, For(10));
    await DurableWrites.RunAsync(writers: 2000, grains: 20_000, batch: 1, For(10));
}
// Orleans' own ADO.NET grain storage on SQLite beside ours, at 64 writers: at 2000 its calls time out, because
// Microsoft.Data.Sqlite waits out a locked database in Thread.Sleep(150) on the calling thread, starving the silo's threads.
if (mode is "writes" or "orleans-sqlite" or "all")
{
    await DurableWrites.RunAsync(writers: 64, grains: 20_000, batch: 1024, For(10));
    await DurableWrites.RunAsync(BenchSilo.StartOnOrleansAdoNetSqliteAsync, "Orleans ADO.NET storage on SQLite (WAL, one transaction per write)",
        writers: 64, grains: 20_000, For(10));
}
if (mode is "memory" or "all") await ActivationMemory.RunAsync(100_000);
if (mode is "lookup" or "all") RegionLookups.Run(TimeSpan.FromSeconds(5));
if (mode is "city" or "all") await CityLoad.RunAsync();
if (mode == "appends-long") await DurableAppends.RunAsync(writers: 64, stockpiles: 64, TimeSpan.FromSeconds(20));
if (mode is "appends" or "all")
{
    await DurableAppends.RunAsync(writers: 64, stockpiles: 10_000, TimeSpan.FromSeconds(10));
    await DurableAppends.RunAsync(writers: 2000, stockpiles: 10_000, TimeSpan.FromSeconds(10));
    await DurableAppends.RunAsync(writers: 64, stockpiles: 64, TimeSpan.FromSeconds(10)); // ledgers grow to thousands of lines
}
if (mode is "http" or "all") await HttpWrites.RunAsync(TimeSpan.FromSeconds(15), connections: 64);
if (mode == "frontdoor") await HttpWrites.AgainstAsync(new Uri(args.ElementAtOrDefault(1) ?? "http://127.0.0.1:5080"), TimeSpan.FromSeconds(20), connections: 64);
if (mode == "cross-silo") await ThreeSocial.Benchmarks.CrossSiloCalls.RunAsync(calls: 20_000);
if (mode is "providers" or "all") await ThreeSocial.Benchmarks.Storage.ProviderWrites.RunAsync(writers: 64, TimeSpan.FromSeconds(10));
if (mode is "live" or "all")
{
    var clients = Environment.GetEnvironmentVariable("BENCH_LIVE_CLIENTS") is { } c ? c.Split(',').Select(int.Parse).ToArray() : [0, 250, 1000];
    foreach (var n in clients) await ThreeSocial.Benchmarks.Live.LiveLoad.RunAsync(n, updatesPerSecond: 5000, TimeSpan.FromSeconds(20));
}

namespace ThreeSocial.Benchmarks
{
    internal static class Report
    {
        public static string Percentiles(List<double> microseconds)
        {
            microseconds.Sort();
            double At(double p) => microseconds[Math.Min(microseconds.Count - 1, (int)(p * microseconds.Count))];
            return $"p50 {At(0.50):0} µs, p90 {At(0.90):0} µs, p99 {At(0.99):0} µs, p99.9 {At(0.999):0} µs, max {microseconds[^1]:0} µs (n={microseconds.Count:N0})";
        }

        public static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    }
}
