using System.Text.Json;
using ThreeSocial.Grains.Communities;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Stockpiles;
using Orleans.Storage;
using ThreeSocial.Storage;

namespace ThreeSocial.Silo.Rollups;

/// <summary>Whether the last run ended with a graceful shutdown (stored, so a killed process leaves "not clean" behind).</summary>
public sealed record RunMarker(bool Clean, DateTimeOffset At);

/// <summary>
/// After an unclean shutdown, a change stored by a community or stockpile may never have reached its street:
/// the process died between the write and the report. Every such grain re-reports what it stored when it activates,
/// so activating them all once (bottom-up) heals every roll-up without waiting for each to be used again.
/// </summary>
public sealed class RollupRepair(IStateStore storage, IGrainFactory grains, RegionCatalog catalog,
    IHostApplicationLifetime lifetime, ILogger<RollupRepair> logger) : BackgroundService
{
    public static readonly GrainKey MarkerId = new("silo", "run");
    public const string MarkerState = "marker";

    private string? _markerEtag;

    /// <summary>Completes when the repair (if one was needed) has activated every reporting grain.</summary>
    public Task Completed => ExecuteTask ?? Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stored = await storage.ReadAsync(MarkerState, MarkerId, stoppingToken);
        var previous = stored is null ? null : JsonSerializer.Deserialize<RunMarker>(stored.Data, GrainStateJson.Options);
        _markerEtag = await WriteMarker(new RunMarker(false, DateTimeOffset.UtcNow), stored?.ETag);
        lifetime.ApplicationStopped.Register(MarkClean);
        if (previous is null or { Clean: true }) return;

        logger.LogWarning("The last run ended without a clean shutdown (started {At:u}); re-reporting every community and stockpile to heal the roll-ups.", previous.At);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var options = new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = stoppingToken };
        await Parallel.ForEachAsync(catalog.City.Communities, options, async (c, _) => await grains.GetGrain<ICommunityGrain>(c.Code).GetLive());
        await Parallel.ForEachAsync(catalog.City.Stockpiles, options, async (s, _) => await grains.GetGrain<IStockpileGrain>(s.Id).GetStatus());
        logger.LogInformation("Roll-up repair: {Communities} communities and {Stockpiles} stockpiles re-reported in {Seconds:0.0} s.",
            catalog.City.Communities.Count, catalog.City.Stockpiles.Count, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Runs after every hosted service, the grain runtime included, has stopped: the run ended cleanly.</summary>
    private void MarkClean()
    {
        try
        {
            WriteMarker(new RunMarker(true, DateTimeOffset.UtcNow), _markerEtag).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is GrainStorageException or InconsistentStateException)
        {
            logger.LogWarning(ex, "Could not record the clean shutdown; the next start will repair the roll-ups.");
        }
    }

    private Task<string> WriteMarker(RunMarker marker, string? etag) =>
        storage.WriteAsync(MarkerState, MarkerId, JsonSerializer.SerializeToUtf8Bytes(marker, GrainStateJson.Options), etag);
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
