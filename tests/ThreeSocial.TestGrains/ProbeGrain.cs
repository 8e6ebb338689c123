using System.Collections.Concurrent;
using System.Diagnostics;
using ThreeSocial.Runtime;
using ThreeSocial.Runtime.Storage;

namespace ThreeSocial.TestGrains;

public sealed record ProbeState
{
    public string? Note { get; init; }
    public int Number { get; init; }
}

public sealed record StateView(bool RecordExists, string? Etag, bool StateIsNull, string? Note, int Number);

/// <summary>A non-reentrant grain that reports what the runtime did to it.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    Task<long> GetActivationId();
    Task<string?> NoteSeenOnActivate();
    Task Hold(string name, int milliseconds);
    [AlwaysInterleave] Task<long> InterleavedPing();
    [ReadOnly] Task ReadOnlyHold(string name, int milliseconds);
    Task Record(string evt);
    Task Append(int value);
    Task<IReadOnlyList<int>> Appended();
    Task<IReadOnlyList<Interval>> Intervals();
    Task ThrowSync(string message);
    Task ThrowAsync(string message);
    Task ThrowAggregate(string message);
    Task<int> CallVia(string otherKey);
    Task<int> CallBack(string originKey);
    Task<int> Echo(int value);
    Task<int> DelayThenCall(int milliseconds, string otherKey);
    Task SetNote(string note);
    Task<StateView> View();
    Task ClearState();
    Task Deactivate();
}

public sealed class ProbeGrain([PersistentState("probe")] IPersistentState<ProbeState> state) : Grain, IProbeGrain
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<Interval>> IntervalsByKey = new();
    private readonly List<int> _appended = [];
    private string? _noteOnActivate;

    private string Key => GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _noteOnActivate = state.State.Note;
        ProbeLog.Add(Key, "activate");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        ProbeLog.Add(Key, "deactivate:" + reason.Code);
        return Task.CompletedTask;
    }

    public Task<long> GetActivationId() => Task.FromResult(ActivationId);

    public Task<string?> NoteSeenOnActivate() => Task.FromResult(_noteOnActivate);

    public async Task Hold(string name, int milliseconds)
    {
        var start = Stopwatch.GetTimestamp();
        await Task.Delay(milliseconds);
        await Task.Yield();
        IntervalsByKey.GetOrAdd(Key, _ => new()).Enqueue(new Interval(name, start, Stopwatch.GetTimestamp()));
    }

    public Task<long> InterleavedPing()
    {
        var now = Stopwatch.GetTimestamp();
        IntervalsByKey.GetOrAdd(Key, _ => new()).Enqueue(new Interval("interleaved", now, now + 1));
        return Task.FromResult(ActivationId);
    }

    public Task ReadOnlyHold(string name, int milliseconds) => Hold(name, milliseconds);

    public Task Record(string evt)
    {
        ProbeLog.Add(Key, evt);
        return Task.CompletedTask;
    }

    public Task Append(int value)
    {
        _appended.Add(value);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<int>> Appended() => Task.FromResult<IReadOnlyList<int>>([.. _appended]);

    public Task<IReadOnlyList<Interval>> Intervals() =>
        Task.FromResult<IReadOnlyList<Interval>>(IntervalsByKey.TryGetValue(Key, out var q) ? [.. q] : []);

    public Task ThrowSync(string message) => throw new InvalidOperationException(message);

    public async Task ThrowAsync(string message)
    {
        await Task.Yield();
        throw new ArgumentException(message);
    }

    public Task ThrowAggregate(string message) =>
        throw new AggregateException(message, new InvalidOperationException("inner one"), new ArgumentException("inner two"));

    public Task<int> CallVia(string otherKey) => GrainFactory.GetGrain<IProbeGrain>(otherKey).CallBack(Key);

    public Task<int> CallBack(string originKey) => GrainFactory.GetGrain<IProbeGrain>(originKey).Echo(42);

    public Task<int> Echo(int value) => Task.FromResult(value);

    public async Task<int> DelayThenCall(int milliseconds, string otherKey)
    {
        await Task.Delay(milliseconds);
        return await GrainFactory.GetGrain<IProbeGrain>(otherKey).Echo(7);
    }

    public async Task SetNote(string note)
    {
        state.State = state.State with { Note = note, Number = state.State.Number + 1 };
        await state.WriteStateAsync();
    }

    public Task<StateView> View() => Task.FromResult(
        new StateView(state.RecordExists, state.Etag, state.State is null, state.State?.Note, state.State?.Number ?? -1));

    public Task ClearState() => state.ClearStateAsync();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
