using System.Text.Json;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using ThreeSocial.Storage;

namespace ThreeSocial.Journal;

/// <summary>What a snapshot holds: the state after the first Length events.</summary>
internal sealed record JournalSnapshot<TState>(long Length, TState State);

internal sealed class LogJournal<TState, TEvent>(string name, GrainKey grainId, ILogStore storage)
    : IJournal<TState, TEvent>, ILifecycleObserver where TState : class, IJournaledState<TState, TEvent>, new()
{
    /// <summary>Events replayed at most on activation; also how often a snapshot is written.</summary>
    internal const int SnapshotEvery = 128;

    private const int ReadPage = 512;
    private string? _snapshotEtag;
    private long _snapshotLength;

    public TState State { get; private set; } = new();
    public long Length { get; private set; }

    public Task OnStart(CancellationToken cancellationToken) => ReadStateAsync();

    public Task OnStop(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task ReadStateAsync()
    {
        var stored = await storage.ReadSnapshotAsync(name, grainId);
        var snapshot = stored is null ? null : ReadSnapshot(stored.Data);
        _snapshotEtag = stored?.ETag;
        _snapshotLength = snapshot?.Length ?? 0;
        var state = snapshot?.State ?? new TState();
        var length = _snapshotLength;
        while (true)
        {
            var page = await ReadAsync(length, ReadPage);
            foreach (var e in page) state = state.Apply(e);
            length += page.Count;
            if (page.Count < ReadPage) break;
        }
        (State, Length) = (state, length);
    }

    /// <summary>
    /// A snapshot written before the state's shape changed no longer reads. It only ever shortened the replay: the state
    /// is replayed from the events (the truth) and the next snapshot replaces it.
    /// </summary>
    private static JournalSnapshot<TState>? ReadSnapshot(byte[] data)
    {
        try
        {
            return JsonSerializer.Deserialize<JournalSnapshot<TState>>(data, GrainStateJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task AppendAsync(IReadOnlyList<TEvent> events)
    {
        if (events.Count == 0) return;
        // Applied before storing so that an event the state cannot take is refused, not stored.
        var next = State;
        foreach (var e in events) next = next.Apply(e);
        var data = events.Select(e => JsonSerializer.SerializeToUtf8Bytes(e, GrainStateJson.Options)).ToList();
        await storage.AppendAsync(name, grainId, Length, data);
        State = next;
        Length += events.Count;
        if (Length - _snapshotLength >= SnapshotEvery) await TrySnapshotAsync();
    }

    /// <summary>
    /// A snapshot only shortens the next activation's replay; the events are already durable, so a failed snapshot
    /// is left for the next one and never fails the append.
    /// </summary>
    private async Task TrySnapshotAsync()
    {
        var data = JsonSerializer.SerializeToUtf8Bytes(new JournalSnapshot<TState>(Length, State), GrainStateJson.Options);
        try
        {
            _snapshotEtag = await storage.WriteSnapshotAsync(name, grainId, data, _snapshotEtag);
            _snapshotLength = Length;
        }
        catch (Exception ex) when (ex is GrainStorageException or InconsistentStateException)
        {
            if (ex is InconsistentStateException conflict) _snapshotEtag = conflict.StoredEtag;
        }
    }

    public async Task<IReadOnlyList<TEvent>> ReadAsync(long afterNumber, int maxCount)
    {
        var stored = await storage.ReadLogAsync(name, grainId, afterNumber, maxCount);
        return [.. stored.Select(d => JsonSerializer.Deserialize<TEvent>(d, GrainStateJson.Options)!)];
    }
}
