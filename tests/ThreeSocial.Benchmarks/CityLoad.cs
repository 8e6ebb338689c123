using ThreeSocial.Silo.DemoCity;
using ThreeSocial.Grains.Grids;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Communities;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Storage;
using ThreeSocial.Silo;

namespace ThreeSocial.Benchmarks;

/// <summary>
/// First start (generate and load the demo city into an empty store), then a restart that brings every community
/// and stockpile back cold from SQLite: how long, and what the process holds afterwards.
/// </summary>
internal static class CityLoad
{
    public static async Task RunAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "threesocial-bench", Guid.NewGuid().ToString("N"));
        // A port of its own per start: the first silo's may not be free again yet.
        string[] Args() => ["--urls", "http://127.0.0.1:0", "--Storage:Sqlite:Path", Path.Combine(folder, "city.db"), "--Logging:LogLevel:Default", "Warning",
            "--Orleans:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture)];
        try
        {
            var clock = Stopwatch.StartNew();
            await using (var first = SiloApplication.Build(Args()))
            {
                await first.StartAsync();
                await DemoCityLoader.Loaded(first.Services);
                Console.WriteLine($"first start: demo city generated and loaded into an empty SQLite store in {clock.Elapsed.TotalSeconds:0.0} s " +
                                  $"({new FileInfo(Path.Combine(folder, "city.db")).Length / 1024 / 1024} MiB on disk before checkpoint)");
                await first.StopAsync();
            }

            await using var second = SiloApplication.Build(Args());
            await second.StartAsync();
            var catalog = second.Services.GetRequiredService<RegionCatalog>(); // built here, not timed below
            var grains = second.Services.GetRequiredService<IGrainFactory>();
            GC.Collect();
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            var rssBefore = Process.GetCurrentProcess().WorkingSet64;
            clock.Restart();
            await Parallel.ForEachAsync(catalog.City.Stockpiles, new ParallelOptions { MaxDegreeOfParallelism = 64 },
                async (s, _) => await grains.GetGrain<IStockpileGrain>(s.Id).GetStatus());
            var stockpiles = clock.Elapsed;
            await Parallel.ForEachAsync(catalog.City.Communities, new ParallelOptions { MaxDegreeOfParallelism = 64 },
                async (c, _) => await grains.GetGrain<ICommunityGrain>(c.Code).GetLive());
            var communities = clock.Elapsed - stockpiles;
            await Parallel.ForEachAsync(catalog.City.Grids, new ParallelOptions { MaxDegreeOfParallelism = 64 },
                async (g, _) => await grains.GetGrain<IGridGrain>(g.Code).GetStatus());
            var grids = clock.Elapsed - stockpiles - communities;
            var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
            var process = Process.GetCurrentProcess();
            Console.WriteLine($"restart, cold from SQLite: {catalog.City.Stockpiles.Count:N0} stockpiles activated in {stockpiles.TotalSeconds:0.0} s " +
                              $"({catalog.City.Stockpiles.Count / stockpiles.TotalSeconds:N0}/s), {catalog.City.Communities.Count:N0} communities in {communities.TotalSeconds:0.0} s, " +
                              $"{catalog.City.Grids.Count:N0} grids in {grids.TotalSeconds:0.0} s; " +
                              $"{await grains.GetGrain<IManagementGrain>(0).GetTotalActivationCount():N0} activations");
            Console.WriteLine($"memory with all of them active: RSS {process.WorkingSet64 / 1024 / 1024} MiB (was {rssBefore / 1024 / 1024} MiB with the catalog alone), " +
                              $"managed heap +{(heapAfter - heapBefore) / 1024 / 1024} MiB");
            await second.StopAsync();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
