using System.Diagnostics;
using System.Text.Json;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Runtime;
using ThreeSocial.Runtime.Storage;

namespace ThreeSocial.Silo.DemoCity;

/// <summary>
/// On the first start of an empty store, gives every stockpile of the demo city its opening stock (City:LoadDemo
/// turns it off). Each stockpile's opening is one idempotent write, so a load cut short by a crash simply runs again;
/// a marker record says when it finished.
/// </summary>
public sealed class DemoCityLoader(IServiceProvider services, IConfiguration configuration, ILogger<DemoCityLoader> logger) : BackgroundService
{
    private static readonly GrainId Marker = new("city", "demo");

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(async () =>
    {
        var seed = configuration.GetValue("City:Seed", 42);
        var storage = services.GetRequiredService<IGrainStorage>();
        if (await storage.ReadAsync("demo-city", Marker, stoppingToken) is not null) return;
        var clock = Stopwatch.StartNew();
        var opened = await LoadAsync(services.GetRequiredService<IGrainFactory>(), services.GetRequiredService<RegionCatalog>(),
            seed, ChongqingTime.Today(services.GetRequiredService<TimeProvider>()), stoppingToken);
        await storage.WriteAsync("demo-city", Marker, JsonSerializer.SerializeToUtf8Bytes(new { seed, opened, at = DateTimeOffset.UtcNow }), null, stoppingToken);
        logger.LogInformation("Demo city loaded: {Stockpiles} stockpiles opened in {Seconds:0.0} s.", opened, clock.Elapsed.TotalSeconds);
    }, stoppingToken);

    public static async Task<int> LoadAsync(IGrainFactory grains, RegionCatalog catalog, int seed, DateOnly today, CancellationToken cancellationToken = default)
    {
        await Parallel.ForEachAsync(catalog.City.Stockpiles, new ParallelOptions { MaxDegreeOfParallelism = 256, CancellationToken = cancellationToken },
            async (site, _) => await grains.GetGrain<IStockpileGrain>(site.Id).Open(OpeningStockPlan.For(site, seed, today)));
        return catalog.City.Stockpiles.Count;
    }
}
