using Microsoft.Extensions.Options;
using Orleans.Configuration;
using ThreeSocial.Grains.Communities;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Stockpiles;
using Orleans.Storage;
using ThreeSocial.Storage;

namespace ThreeSocial.Silo.Rollups;

/// <summary>Whether the last run ended with a graceful shutdown (stored, so a killed process leaves "not clean" behind).</summary>
public sealed record RunMarker(bool Clean, DateTimeOffset At)
{
    public RunMarker() : this(false, default) { }
}

/// <summary>
/// After an unclean shutdown, a change stored by a community or stockpile may never have reached its street:
/// the process died between the write and the report. Every such grain re-reports what it stored when it activates,
/// so activating them all once (bottom-up) heals every roll-up without waiting for each to be used again.
/// Each silo of a cluster keeps its own marker (by its silo port): any one killed heals the roll-ups when it comes back.
/// </summary>
public sealed partial class RollupRepair(IServiceProvider services, IGrainFactory grains, RegionCatalog catalog,
    IHostApplicationLifetime lifetime, ILogger<RollupRepair> logger) : BackgroundService
{
    public const string MarkerState = "marker";

    /// <summary>The one silo's marker, where the previous version kept it; a clustered silo's is "run-{silo port}".</summary>
    public static GrainId MarkerId(int? clusteredSiloPort = null) =>
        GrainId.Create("silo", clusteredSiloPort is { } port ? $"run-{port}" : "run");

    private ServiceRecord<RunMarker> _marker = null!;

    /// <summary>Completes when the repair (if one was needed) has activated every reporting grain.</summary>
    public Task Completed => ExecuteTask ?? Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var clustered = !string.Equals(configuration["Cluster:Provider"] ?? "Localhost", "Localhost", StringComparison.OrdinalIgnoreCase);
        var id = MarkerId(clustered ? services.GetRequiredService<IOptions<EndpointOptions>>().Value.SiloPort : null);
        _marker = new ServiceRecord<RunMarker>(services.GetRequiredKeyedService<IGrainStorage>("Default"), MarkerState, id);
        var previous = await _marker.ReadAsync();
        await _marker.WriteAsync(new RunMarker(false, DateTimeOffset.UtcNow));
        lifetime.ApplicationStopped.Register(MarkClean);
        if (previous is null or { Clean: true }) return;

        LogUncleanShutdown(logger, previous.At);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var options = new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = stoppingToken };
        await Parallel.ForEachAsync(catalog.City.Communities, options, async (c, _) => await grains.GetGrain<ICommunityGrain>(c.Code).GetLive());
        await Parallel.ForEachAsync(catalog.City.Stockpiles, options, async (s, _) => await grains.GetGrain<IStockpileGrain>(s.Id).GetStatus());
        LogRepaired(logger, catalog.City.Communities.Count, catalog.City.Stockpiles.Count, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Runs after every hosted service, the grain runtime included, has stopped: the run ended cleanly.</summary>
    private void MarkClean()
    {
        try
        {
            _marker.WriteAsync(new RunMarker(true, DateTimeOffset.UtcNow)).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is GrainStorageException or InconsistentStateException)
        {
            LogCleanNotRecorded(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The last run ended without a clean shutdown (started {At:u}); re-reporting every community and stockpile to heal the roll-ups.")]
    private static partial void LogUncleanShutdown(ILogger logger, DateTimeOffset at);

    [LoggerMessage(Level = LogLevel.Information, Message = "Roll-up repair: {Communities} communities and {Stockpiles} stockpiles re-reported in {Seconds:0.0} s.")]
    private static partial void LogRepaired(ILogger logger, int communities, int stockpiles, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the clean shutdown; the next start will repair the roll-ups.")]
    private static partial void LogCleanNotRecorded(ILogger logger, Exception exception);
}

public static class RollupRepairRegistration
{
    /// <summary>After the grain runtime, so the runtime has started before the repair activates grains.</summary>
    public static IServiceCollection AddRollupRepair(this IServiceCollection services)
    {
        services.AddSingleton<RollupRepair>();
        return services.AddHostedService(sp => sp.GetRequiredService<RollupRepair>());
    }
}
