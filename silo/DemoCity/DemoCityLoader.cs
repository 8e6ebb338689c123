using System.Diagnostics;
using Orleans.Storage;
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
public sealed partial class DemoCityLoader(IServiceProvider services, IConfiguration configuration, ILogger<DemoCityLoader> logger) : BackgroundService
{
    /// <summary>What the marker says: a load finished, or (Loading) claimed by a silo at At.</summary>
    public sealed record LoadedCity(int Seed, int Opened, int OnDuty, DateTimeOffset At, bool Loading = false)
    {
        public LoadedCity() : this(0, 0, 0, default) { }
    }

    /// <summary>A claim older than this is taken to be a silo that died loading; another starts over.</summary>
    private static readonly TimeSpan ClaimLapsesAfter = TimeSpan.FromMinutes(10);

    public const string MarkerState = "demo-city";

    /// <summary>The marker of a finished load, in the silo's default grain storage.</summary>
    public static ServiceRecord<LoadedCity> Marker(IServiceProvider services) =>
        new(services.GetRequiredKeyedService<IGrainStorage>("Default"), MarkerState, GrainId.Create("city", "demo"));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(async () =>
    {
        var seed = configuration.GetValue("City:Seed", 42);
        var marker = Marker(services);
        var found = await marker.ReadAsync();
        if (found is { Loading: false } || found is { Loading: true } && DateTimeOffset.UtcNow - found.At < ClaimLapsesAfter) return;
        try
        {
            // Silos of a cluster that start together: the one whose claim is stored loads; the others leave it to it.
            await marker.WriteAsync(new LoadedCity(seed, 0, 0, DateTimeOffset.UtcNow, Loading: true));
        }
        catch (InconsistentStateException)
        {
            return;
        }
        var clock = Stopwatch.StartNew();
        var grains = services.GetRequiredService<IGrainFactory>();
        var catalog = services.GetRequiredService<RegionCatalog>();
        var opened = await LoadAsync(grains, catalog, services.GetRequiredService<SupplyCatalog>(), seed, ChongqingTime.Today(services.GetRequiredKeyedService<TimeProvider>(TimeProviderNames.Grains)), stoppingToken);
        // A simulation staffs the city itself (City:DemoShift false); the demo's shift would change its scenario.
        var onDuty = configuration.GetValue("City:DemoShift", true) ? await StartShiftAsync(grains, catalog, seed, stoppingToken) : 0;
        await marker.WriteAsync(new LoadedCity(seed, opened, onDuty, DateTimeOffset.UtcNow));
        LogLoaded(logger, opened, onDuty, clock.Elapsed.TotalSeconds);
    }, stoppingToken);

    /// <summary>Completes when the silo's demo load (if it runs one) has finished: benchmarks and simulations measure a loaded city.</summary>
    public static Task Loaded(IServiceProvider services) =>
        services.GetServices<IHostedService>().OfType<DemoCityLoader>().FirstOrDefault()?.ExecuteTask ?? Task.CompletedTask;

    public static async Task<int> LoadAsync(IGrainFactory grains, RegionCatalog catalog, SupplyCatalog supplies, int seed, DateOnly today, CancellationToken cancellationToken = default)
    {
        await Parallel.ForEachAsync(catalog.City.Stockpiles, new ParallelOptions { MaxDegreeOfParallelism = 256, CancellationToken = cancellationToken },
            async (site, _) => await grains.GetGrain<IStockpileGrain>(site.Id).Open(OpeningStockPlan.For(supplies, site, seed, today)));
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo city loaded: {Stockpiles} stockpiles opened, {OnDuty} people on duty, in {Seconds:0.0} s.")]
    private static partial void LogLoaded(ILogger logger, int stockpiles, int onDuty, double seconds);
}
