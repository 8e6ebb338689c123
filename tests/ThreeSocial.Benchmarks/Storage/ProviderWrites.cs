using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using ThreeSocial.Clocks;
using ThreeSocial.Storage.Hosting;

namespace ThreeSocial.Benchmarks.Storage;

/// <summary>
/// The same durable-write workload on each provider the silo runs on, in one run, through Orleans' grain storage as a
/// grain's WriteStateAsync calls it: 64 writers, each replacing its own grain's state (~200 bytes, with the ETag it got
/// last) as fast as storage acknowledges, for 10 s after a 2 s warm-up. SQLite (ours) on the work disk; Orleans' ADO.NET
/// provider on PostgreSQL 15 and its Azure Blob provider on Azurite, started here as the tests start them.
/// </summary>
internal static class ProviderWrites
{
    public static async Task RunAsync(int writers, TimeSpan duration)
    {
        var folder = Path.Combine(Path.GetTempPath(), "threesocial-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await MeasureAsync("SQLite, ours (group commit, synchronous=FULL)",
            new() { ["Storage:Provider"] = "Sqlite", ["Storage:Sqlite:Path"] = Path.Combine(folder, "bench.db") }, writers, duration);

        await using (var server = await PostgresServer.StartNewAsync())
            await MeasureAsync("PostgreSQL 15, Orleans ADO.NET (fsync on, synchronous_commit on)",
                new() { ["Storage:Provider"] = "Postgres", ["Storage:Postgres:ConnectionString"] = server.ConnectionString + $";Maximum Pool Size={writers}" }, writers, duration);

        await using (var server = await AzuriteServer.StartNewAsync())
            await MeasureAsync("Azure Blob on Azurite 3.37, Orleans AzureStorage",
                new() { ["Storage:Provider"] = "AzureStorage", ["Storage:AzureStorage:ConnectionString"] = server.ConnectionString }, writers, duration);
        Directory.Delete(folder, recursive: true);
    }

    public sealed class BenchState
    {
        public string Category { get; set; } = "3010101";
        public int OnHand { get; set; } = 1200;
        public int Minimum { get; set; } = 300;
        public List<string> Batches { get; set; } = ["B00001:1200:2027-06-30", "B00002:800:2027-09-30"];
        public long Version { get; set; }
    }

    private static async Task MeasureAsync(string name, Dictionary<string, string?> settings, int writers, TimeSpan duration)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        settings["Cluster:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddGrainClock(TimeProvider.System);
        builder.UseOrleans(silo => silo.UseThreeSocialStorage(builder.Configuration));
        using var host = builder.Build();
        await host.StartAsync();
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>("Default");
        await WriteLoadAsync(name, storage, writers, duration);
        await host.StopAsync();
    }

    private static async Task WriteLoadAsync(string name, IGrainStorage storage, int writers, TimeSpan duration)
    {
        var latencies = new List<double>[writers];
        var measuring = false;
        var stop = false;
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var id = GrainId.Create("bench", $"writer-{w}-{Guid.NewGuid():N}");
            var mine = latencies[w] = [];
            var state = new GrainState<BenchState>(new BenchState());
            while (!Volatile.Read(ref stop))
            {
                var started = Stopwatch.GetTimestamp();
                state.State!.Version++;
                await storage.WriteStateAsync("state", id, state);
                if (Volatile.Read(ref measuring)) mine.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
        })).ToList();
        await Task.Delay(TimeSpan.FromSeconds(2));
        Volatile.Write(ref measuring, true);
        var clock = Stopwatch.StartNew();
        await Task.Delay(duration);
        Volatile.Write(ref measuring, false);
        var seconds = clock.Elapsed.TotalSeconds;
        Volatile.Write(ref stop, true);
        await Task.WhenAll(tasks);
        var all = latencies.SelectMany(l => l).ToList();
        Console.WriteLine($"{name}: {writers} writers, {duration.TotalSeconds:0} s: {all.Count / seconds:N0} durable writes/s");
        Console.WriteLine($"  latency {Report.Percentiles(all)}");
    }
}
