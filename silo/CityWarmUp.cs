using ThreeSocial.Grains.Regions;

namespace ThreeSocial.Silo;

/// <summary>Builds the region catalog in the background at start, so the first map request does not wait ~8 s.</summary>
internal sealed partial class CityWarmUp(IServiceProvider services, ILogger<CityWarmUp> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var catalog = services.GetRequiredService<RegionCatalog>();
        LogReady(logger, clock.Elapsed.TotalSeconds, catalog.City.Streets.Count, catalog.City.Communities.Count, catalog.City.Grids.Count);
    }, stoppingToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo city ready in {Seconds:0.0} s: {Streets} streets and towns, {Communities} communities and villages, {Grids} grids.")]
    private static partial void LogReady(ILogger logger, double seconds, int streets, int communities, int grids);
}
