using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace ThreeSocial.Runtime.Metrics;

/// <summary>
/// The runtime's instruments. Every grain call passes through here twice, and each listener-backed
/// measurement cost about 8% of call throughput, so the hot path is kept cheap: calls are counted in a
/// per-processor striped counter read at scrape time, and turn latency is recorded for one turn in
/// <see cref="TurnSampling"/>. Per-type figures are observed at scrape time too.
/// </summary>
internal sealed class RuntimeMetrics : IDisposable
{
    public const string MeterName = "ThreeSocial.Runtime";

    internal const int TurnSampling = 8;

    [ThreadStatic] private static int t_turns;

    private readonly Meter _meter;
    private readonly StripedCounter _calls = new();
    private readonly Counter<long> _expiredDropped;
    private readonly Histogram<double> _turnLatency;
    private readonly Histogram<double> _storageWrite;
    private readonly ConcurrentDictionary<string, StrongBox<long>> _activationsByType = new();

    /// <param name="meters">The host's factory, so each runtime's meter is scoped to its own container.</param>
    internal RuntimeMetrics(GrainRuntime runtime, IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _meter.CreateObservableCounter("threesocial.grain.calls", _calls.Read, description: "Grain calls sent.");
        _expiredDropped = _meter.CreateCounter<long>("threesocial.grain.expired_dropped", description: "Queued requests dropped because their caller had timed out.");
        _turnLatency = _meter.CreateHistogram<double>("threesocial.grain.turn.latency", "s", $"From a request's arrival to its completion; one turn in {TurnSampling} is sampled.");
        _storageWrite = _meter.CreateHistogram<double>("threesocial.storage.write.latency", "s", "Durable state write latency.");
        _meter.CreateObservableGauge("threesocial.grain.activations", () =>
            _activationsByType.Select(p => new Measurement<long>(Interlocked.Read(ref p.Value.Value), new KeyValuePair<string, object?>("grain_type", p.Key))),
            description: "Live activations by grain type.");
        _meter.CreateObservableGauge("threesocial.grain.queue.length", () => runtime.Activations.Sum(a => (long)a.QueueLength),
            description: "Requests waiting in activation inboxes.");
        _meter.CreateObservableGauge("threesocial.reminders.due", () => runtime.Reminders.Due, description: "Reminders whose due time has passed and which have not fired yet.");
        _meter.CreateObservableGauge("threesocial.reminders.registered", () => runtime.Reminders.Registered, description: "Durable reminders registered.");
        _meter.CreateObservableCounter("threesocial.events.dropped", () =>
            runtime.Events.Subscribers.Select(s => new Measurement<long>(s.Dropped, new KeyValuePair<string, object?>("subscriber", s.Name))),
            description: "Events a slow subscriber lost to its bounded backlog.");
    }

    internal void CallSent() => _calls.Increment();

    internal void DroppedExpired() => _expiredDropped.Add(1);

    internal void TurnCompleted(long enqueuedAt, long now)
    {
        if (++t_turns % TurnSampling == 0) _turnLatency.Record((now - enqueuedAt) / (double)Stopwatch.Frequency);
    }

    internal void StorageWritten(string provider, long startedAt) =>
        _storageWrite.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, new KeyValuePair<string, object?>("provider", provider));

    internal void Activated(string grainType) => Interlocked.Increment(ref _activationsByType.GetOrAdd(grainType, _ => new StrongBox<long>()).Value);

    internal void Deactivated(string grainType) => Interlocked.Decrement(ref _activationsByType.GetOrAdd(grainType, _ => new StrongBox<long>()).Value);

    public void Dispose() => _meter.Dispose();
}

/// <summary>A counter that both cores can bump on every call without sharing a cache line.</summary>
internal sealed class StripedCounter
{
    private const int Spacing = 16; // longs between stripes: 128 bytes, past adjacent-line prefetch
    private static readonly int StripeMask = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount) - 1;

    private readonly long[] _cells = new long[(StripeMask + 1) * Spacing + Spacing];

    internal void Increment() => Interlocked.Increment(ref _cells[Spacing + (Thread.GetCurrentProcessorId() & StripeMask) * Spacing]);

    internal long Read()
    {
        long total = 0;
        for (var i = 0; i <= StripeMask; i++) total += Interlocked.Read(ref _cells[Spacing + i * Spacing]);
        return total;
    }
}
