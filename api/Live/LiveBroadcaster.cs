using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Regions;
using Orleans;
using ThreeSocial.Events;

namespace ThreeSocial.Api.Live;

/// <summary>
/// Reads the grains' events from the runtime's stream (publishing never waits for it), keeps only the newest version
/// of each region and incident per group, and every flush interval sends each watched group one delta. The message is
/// serialised once per group, whatever the number of viewers.
/// </summary>
public sealed partial class LiveBroadcaster : BackgroundService
{
    private readonly EventSubscription _events;
    private readonly LiveViewers _viewers;
    private readonly LiveOptions _options;
    private readonly ILogger<LiveBroadcaster> _logger;
    private readonly Dictionary<string, PendingDelta> _pending = [];
    private readonly Dictionary<string, long> _sequences = [];
    private readonly HashSet<(LiveViewer Viewer, string Group)> _behind = []; // skipped once: owed a "resync"
    private readonly Lock _sequenceLock = new();
    private long _droppedSeen;

    private readonly Counter<long> _eventsRead;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _skipped;
    private readonly Histogram<double> _flushMs;

    public LiveBroadcaster(EventStream events, LiveViewers viewers, IOptions<LiveOptions> options, IMeterFactory meters, AlertRules rules, ILogger<LiveBroadcaster> logger)
    {
        _viewers = viewers;
        _options = options.Value;
        _logger = logger;
        _events = events.Subscribe("live-map", _options.Backlog,
            // A routine alert (the weekly digest) is news for the inbox, not something on the map that needs someone now.
            e => e.Payload is RegionStatusChanged or IncidentChanged or DailyOutcomesChanged || e.Payload is AlertChanged a && !rules.For(a.Alert.Kind).Routine);
        var meter = meters.Create("ThreeSocial.Live");
        _eventsRead = meter.CreateCounter<long>("threesocial.live.events", description: "Grain events read by the map broadcaster");
        _sent = meter.CreateCounter<long>("threesocial.live.messages.sent", description: "Deltas written to viewers");
        _skipped = meter.CreateCounter<long>("threesocial.live.messages.skipped", description: "Deltas skipped because the viewer had not taken the last one");
        _flushMs = meter.CreateHistogram<double>("threesocial.live.flush.duration", "ms", "Time to coalesce and send one flush");
        meter.CreateObservableGauge("threesocial.live.viewers", () => _viewers.Count, description: "Connected map clients");
    }

    /// <summary>The last sequence sent to a group (0 before the first).</summary>
    public long Sequence(string group)
    {
        lock (_sequenceLock) return _sequences.GetValueOrDefault(group);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var ticks = new PeriodicTimer(_options.FlushInterval);
        try
        {
            while (await ticks.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    Flush();
                }
                catch (Exception e)
                {
                    LogFlushFailed(_logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One round: drain what the grains published, then one message per watched group.</summary>
    internal void Flush()
    {
        var started = Stopwatch.GetTimestamp();
        var read = 0;
        while (_events.Reader.TryRead(out var e))
        {
            read++;
            Coalesce(e);
        }
        if (read > 0) _eventsRead.Add(read);

        // Events dropped from our backlog may be changes some map never saw: every map resyncs (a jump in sequence).
        var dropped = _events.Dropped;
        var resync = dropped != _droppedSeen;
        _droppedSeen = dropped;

        var sent = 0;
        var skipped = 0;
        // A viewer that was skipped missed changes: once it has caught up, it is told to read the snapshot again.
        foreach (var owed in _behind.Where(b => b.Viewer.Gone || b.Viewer.Idle).ToList())
        {
            _behind.Remove(owed);
            if (!owed.Viewer.Gone && owed.Viewer.TrySend(new SerializedHubMessage(new InvocationMessage("resync", [owed.Group])))) sent++;
        }
        foreach (var group in _viewers.WatchedGroups)
        {
            var pending = _pending.GetValueOrDefault(group);
            if (pending is null && !resync) continue;
            var sequence = NextSequence(group, resync ? 2 : 1);
            var delta = (pending ?? new PendingDelta()).ToDelta(group, sequence);
            var message = new SerializedHubMessage(new InvocationMessage("delta", [delta]));
            foreach (var viewer in _viewers.In(group))
            {
                if (viewer.TrySend(message)) sent++;
                else if (_behind.Add((viewer, group))) skipped++;
            }
        }
        _pending.Clear(); // changes for groups nobody watches are not kept: a joining map reads the snapshot
        if (sent > 0) _sent.Add(sent);
        if (skipped > 0) _skipped.Add(skipped);
        if (read > 0 || sent > 0) _flushMs.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private long NextSequence(string group, int step)
    {
        lock (_sequenceLock) return _sequences[group] = _sequences.GetValueOrDefault(group) + step;
    }

    private void Coalesce(StreamEvent e)
    {
        switch (e.Payload)
        {
            case RegionStatusChanged { Region: var region }:
                foreach (var group in LiveGroups.ShowingRegion(region.Code)) For(group, e).Add(region);
                break;
            case IncidentChanged { Incident: var incident }:
                foreach (var group in LiveGroups.ShowingIncident(incident.Place)) For(group, e).Add(incident);
                break;
            case AlertChanged { Alert: var alert }:
                foreach (var group in new[] { ChongqingDistricts.CityCode, alert.District, alert.Street }.Distinct()) For(group, e).Add(LiveAlert.Of(alert));
                break;
            case DailyOutcomesChanged { Outcomes: var today }:
                var city = For(ChongqingDistricts.CityCode, e);
                if (city.Today is null || city.Today.Version < today.Version) city.Today = today;
                break;
        }
    }

    private PendingDelta For(string group, StreamEvent e)
    {
        if (!_pending.TryGetValue(group, out var pending)) _pending[group] = pending = new PendingDelta();
        pending.Saw(e.PublishedAt);
        return pending;
    }

    public override void Dispose()
    {
        _events.Dispose();
        base.Dispose();
    }

    /// <summary>The newest of everything one group has to hear this round.</summary>
    private sealed class PendingDelta
    {
        private readonly Dictionary<string, LiveRegion> _regions = [];
        private readonly Dictionary<string, IncidentSummary> _incidents = [];
        private long _first = long.MaxValue;
        private long _last;

        private readonly Dictionary<string, LiveAlert> _alerts = [];

        public DailyOutcomes? Today { get; set; }

        public void Saw(DateTimeOffset publishedAt)
        {
            var ms = publishedAt.ToUnixTimeMilliseconds();
            _first = Math.Min(_first, ms);
            _last = Math.Max(_last, ms);
        }

        public void Add(LiveRegion region)
        {
            if (!_regions.TryGetValue(region.Code, out var known) || known.Version < region.Version) _regions[region.Code] = region;
        }

        public void Add(LiveAlert alert) => _alerts[alert.AlertId] = alert; // events arrive in order: the last is the newest

        public void Add(IncidentSummary incident)
        {
            if (!_incidents.TryGetValue(incident.Id, out var known) || known.Version < incident.Version) _incidents[incident.Id] = incident;
        }

        public LiveDelta ToDelta(string group, long sequence) =>
            new(group, sequence, [.. _regions.Values], [.. _incidents.Values], [.. _alerts.Values], Today, _first == long.MaxValue ? 0 : _first, _last);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Live map flush failed; the next one carries on")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
