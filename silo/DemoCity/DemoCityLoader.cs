using System.Diagnostics;
using System.Text.Json;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Responders;
using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Storage;

namespace ThreeSocial.Silo.DemoCity;

/// <summary>
/// On the first start of an empty store, gives every stockpile of the demo city its opening stock and puts a demo shift
/// on duty (City:LoadDemo turns it off), so the map has people to show and dispatch has people to send. Each step is
/// idempotent, so a load cut short by a crash simply runs again; a marker record says when it finished.
/// </summary>
public sealed class DemoCityLoader(IServiceProvider services, IConfiguration configuration, ILogger<DemoCityLoader> logger) : BackgroundService
{
    private static readonly GrainKey Marker = new("city", "demo");

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(async () =>
    {
        var seed = configuration.GetValue("City:Seed", 42);
        var storage = services.GetRequiredService<IStateStore>();
        if (await storage.ReadAsync("demo-city", Marker, stoppingToken) is not null) return;
        var clock = Stopwatch.StartNew();
        var grains = services.GetRequiredService<IGrainFactory>();
        var catalog = services.GetRequiredService<RegionCatalog>();
        var opened = await LoadAsync(grains, catalog, seed, ChongqingTime.Today(services.GetRequiredKeyedService<TimeProvider>(TimeProviderNames.Grains)), stoppingToken);
        // A simulation staffs the city itself (City:DemoShift false); the demo's shift would change its scenario.
        var onDuty = configuration.GetValue("City:DemoShift", true) ? await StartShiftAsync(grains, catalog, seed, stoppingToken) : 0;
        await storage.WriteAsync("demo-city", Marker, JsonSerializer.SerializeToUtf8Bytes(new { seed, opened, onDuty, at = DateTimeOffset.UtcNow }), null, stoppingToken);
        logger.LogInformation("Demo city loaded: {Stockpiles} stockpiles opened, {OnDuty} people on duty, in {Seconds:0.0} s.",
            opened, onDuty, clock.Elapsed.TotalSeconds);
    }, stoppingToken);

    /// <summary>Completes when the silo's demo load (if it runs one) has finished: benchmarks and simulations measure a loaded city.</summary>
    public static Task Loaded(IServiceProvider services) =>
        services.GetServices<IHostedService>().OfType<DemoCityLoader>().FirstOrDefault()?.ExecuteTask ?? Task.CompletedTask;

    public static async Task<int> LoadAsync(IGrainFactory grains, RegionCatalog catalog, int seed, DateOnly today, CancellationToken cancellationToken = default)
    {
        await Parallel.ForEachAsync(catalog.City.Stockpiles, new ParallelOptions { MaxDegreeOfParallelism = 256, CancellationToken = cancellationToken },
            async (site, _) => await grains.GetGrain<IStockpileGrain>(site.Id).Open(OpeningStockPlan.For(site, seed, today)));
        return catalog.City.Stockpiles.Count;
    }

    /// <summary>Share of the registered responders the demo shift puts on duty.</summary>
    public const int ShiftPercent = 20;

    /// <summary>Puts the demo shift on duty: the same people for the same seed, a fifth of every role.</summary>
    public static async Task<int> StartShiftAsync(IGrainFactory grains, RegionCatalog catalog, int seed, CancellationToken cancellationToken = default)
    {
        var shift = catalog.City.Responders.Where(r => (uint)StableHash.Of($"{seed}/{r.Id}") % 100 < ShiftPercent).ToList();
        await Parallel.ForEachAsync(shift, new ParallelOptions { MaxDegreeOfParallelism = 256, CancellationToken = cancellationToken },
            async (r, _) => await grains.GetGrain<IResponderGrain>(r.Id).SetDuty(true, "demo-shift"));
        return shift.Count;
    }
}
