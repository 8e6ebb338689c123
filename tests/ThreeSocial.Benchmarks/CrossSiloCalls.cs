using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ThreeSocial.Clocks;
using ThreeSocial.TestGrains;
using ThreeSocial.Storage;
using ThreeSocial.Storage.Hosting;
using ThreeSocial.Storage.Sqlite;

namespace ThreeSocial.Benchmarks;

/// <summary>
/// What a grain call costs when the grain lives on another silo: two silos in one process (Orleans' development
/// clustering on loopback, one shared SQLite store), 2,000 counter grains spread over both by Orleans' placement, then
/// one caller on the first silo calls them one at a time; each call is timed and filed as local or remote by where
/// Orleans' management grain says its grain lives.
/// </summary>
internal static class CrossSiloCalls
{
    public static async Task RunAsync(int calls)
    {
        var folder = Path.Combine(Path.GetTempPath(), "threesocial-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        using var store = new SqliteGrainStorage(new SqliteStorageOptions { Path = Path.Combine(folder, "bench.db") });
        var primary = new IPEndPoint(IPAddress.Loopback, FreePort.Next());
        using var first = await StartAsync(store, primary.Port, primary);
        using var second = await StartAsync(store, FreePort.Next(), primary);
        var grains = first.Services.GetRequiredService<IGrainFactory>();
        await Task.Delay(TimeSpan.FromSeconds(5)); // both silos in the membership view before anything is placed

        var refs = Enumerable.Range(0, 2000).Select(i => grains.GetGrain<ICounterGrain>($"cross-{i}")).ToArray();
        foreach (var chunk in refs.Chunk(100)) await Task.WhenAll(chunk.Select(g => g.Get()));
        var here = first.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        var placed = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var local = placed.Where(s => s.SiloAddress.Equals(here)).Select(s => s.GrainId).ToHashSet();
        var latencies = (Local: new List<double>(), Remote: new List<double>());
        var random = new Random(1);
        for (var i = 0; i < calls; i++)
        {
            var grain = refs[random.Next(refs.Length)];
            var started = Stopwatch.GetTimestamp();
            await grain.Get();
            var micros = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            (local.Contains(grain.GetGrainId()) ? latencies.Local : latencies.Remote).Add(micros);
        }
        Console.WriteLine($"one caller, grains on two silos ({local.Count} of {refs.Length} on the caller's silo), {calls:N0} calls one at a time:");
        Console.WriteLine($"  local call   {Report.Percentiles(latencies.Local)}");
        Console.WriteLine($"  remote call  {Report.Percentiles(latencies.Remote)}");
        await second.StopAsync();
        await first.StopAsync();
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<IHost> StartAsync(SqliteGrainStorage store, int port, IPEndPoint primary)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrainClock(TimeProvider.System);
        // One store instance for both silos, registered as an instance so that neither host disposes it.
        builder.Services.AddSingleton(store).AddSingleton<IStateStore>(store).AddSingleton<IReminderStore>(store)
            .AddSingleton<ThreeSocial.Journal.ILogStore>(store).AddSingleton<IStorageHealth>(store);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(port, 0, primary);
            silo.UseStore();
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
