using System.Diagnostics;
using System.Text;
using ThreeSocial.Storage;
using ThreeSocial.Storage.AzureBlob;
using ThreeSocial.Storage.Postgres;
using ThreeSocial.Storage.Sqlite;

namespace ThreeSocial.Benchmarks.Storage;

/// <summary>
/// The same durable-write workload on each provider, in one run: 64 writers, each replacing its own grain's state
/// (~200 bytes, with the ETag it got last) as fast as storage acknowledges, for 10 s after a 2 s warm-up. SQLite on
/// the work disk; PostgreSQL 15 and Azurite started here as the tests start them.
/// </summary>
internal static class ProviderWrites
{
    public static async Task RunAsync(int writers, TimeSpan duration)
    {
        var folder = Path.Combine(Path.GetTempPath(), "threesocial-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        using (var sqlite = new SqliteGrainStorage(new SqliteStorageOptions { Path = Path.Combine(folder, "bench.db") }))
            await MeasureAsync("SQLite (group commit, synchronous=FULL)", sqlite, writers, duration);

        await using (var server = await PostgresServer.StartNewAsync())
        using (var postgres = new PostgresGrainStorage(new PostgresStorageOptions { ConnectionString = server.ConnectionString, MaxPoolSize = writers }))
            await MeasureAsync("PostgreSQL 15 (fsync on, synchronous_commit on)", postgres, writers, duration);

        await using (var server = await AzuriteServer.StartNewAsync())
        using (var blobs = new AzureBlobGrainStorage(new AzureBlobStorageOptions
               { Endpoint = server.Endpoint.ToString(), AccountName = AzuriteServer.Account, AccountKey = AzuriteServer.Key, Container = "bench" }))
            await MeasureAsync("Azure Blob on Azurite 3.37 (Shared Key REST)", blobs, writers, duration);
        Directory.Delete(folder, recursive: true);
    }

    private static async Task MeasureAsync(string name, IStateStore storage, int writers, TimeSpan duration)
    {
        var payload = Encoding.UTF8.GetBytes("{\"category\":\"3010101\",\"onHand\":1200,\"minimum\":300,\"batches\":[{\"id\":\"B00001\",\"quantity\":1200,\"expiry\":\"2027-06-30\"}],\"version\":1}");
        var latencies = new List<double>[writers];
        var measuring = false;
        var stop = false;
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var id = new GrainKey("bench", $"writer-{w}-{Guid.NewGuid():N}");
            var mine = latencies[w] = [];
            string? etag = null;
            while (!Volatile.Read(ref stop))
            {
                var started = Stopwatch.GetTimestamp();
                etag = await storage.WriteAsync("state", id, payload, etag);
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
