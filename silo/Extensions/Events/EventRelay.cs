using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;

namespace ThreeSocial.Events;

/// <summary>
/// Carries what grains publish on this silo to every other silo's event stream, so each silo's map broadcaster sees
/// the whole city wherever a grain ran (the per-silo hub of Orleans' GPSTracker sample). Publishers never wait: events
/// are read from this silo's stream (which drops its oldest when a reader falls behind) and sent in batches a few times
/// a second, one-way. On a silo alone there is nobody to send to and the batches are dropped.
/// </summary>
public sealed partial class EventRelay(EventStream events, IGrainFactory grains, ILogger<EventRelay> logger) : BackgroundService, IEventRelay
{
    internal static readonly TimeSpan JoinEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SendEvery = TimeSpan.FromMilliseconds(100);
    private const int MaxBatch = 5_000;

    public Task Deliver(ImmutableArray<object> payloads)
    {
        foreach (var payload in payloads) events.Publish(payload, relayed: true);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var self = grains.CreateObjectReference<IEventRelay>(this);
        var directory = grains.GetGrain<IEventRelayDirectoryGrain>(0);
        using var local = events.Subscribe("relay", capacity: 100_000, filter: e => !e.Relayed);
        ImmutableArray<IEventRelay> peers = [], lastAnswer = [];
        var joined = DateTime.MinValue;
        using var tick = new PeriodicTimer(SendEvery);
        try
        {
            while (await tick.WaitForNextTickAsync(stoppingToken))
            {
                if (DateTime.UtcNow - joined >= JoinEvery)
                {
                    try
                    {
                        var answer = (await directory.Join(self)).Where(r => !r.Equals(self)).ToImmutableArray();
                        // When the directory's silo dies, its new activation knows only those that joined since: last
                        // round's peers are kept one more round, so no event is dropped while the others join again.
                        peers = [.. answer.Union(lastAnswer)];
                        lastAnswer = answer;
                        joined = DateTime.UtcNow;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        LogDirectoryUnreachable(logger, e);
                    }
                }
                var batch = ImmutableArray.CreateBuilder<object>();
                while (batch.Count < MaxBatch && local.Reader.TryRead(out var e)) batch.Add(e.Payload);
                if (batch.Count == 0 || peers.IsEmpty) continue;
                var payloads = batch.ToImmutable();
                foreach (var peer in peers) _ = peer.Deliver(payloads);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            grains.DeleteObjectReference<IEventRelay>(self);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reach the event relay directory; trying again")]
    private static partial void LogDirectoryUnreachable(ILogger logger, Exception exception);
}
