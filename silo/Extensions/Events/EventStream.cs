using System.Threading.Channels;

namespace ThreeSocial.Events;

/// <summary>An event a grain published, stamped with a stream-wide sequence number; Relayed when a grain of another silo published it.</summary>
public sealed record StreamEvent(object Payload, DateTimeOffset PublishedAt, long Sequence, bool Relayed = false);

/// <summary>
/// Fan-out from grains to in-process subscribers (map broadcaster, alert dispatcher). Publishing never waits:
/// each subscriber has a bounded backlog that drops its oldest events when full and counts what it dropped.
/// </summary>
public sealed class EventStream
{
    private readonly Lock _lock = new();
    private EventSubscription[] _subscribers = [];
    private long _sequence;

    public IReadOnlyList<EventSubscription> Subscribers => Volatile.Read(ref _subscribers);

    public void Publish(object payload) => Publish(payload, relayed: false);

    internal void Publish(object payload, bool relayed)
    {
        var subscribers = Volatile.Read(ref _subscribers);
        if (subscribers.Length == 0) return;
        var published = new StreamEvent(payload, DateTimeOffset.UtcNow, Interlocked.Increment(ref _sequence), relayed);
        foreach (var s in subscribers) s.Offer(published);
    }

    public EventSubscription Subscribe(string name, int capacity = 10_000, Func<StreamEvent, bool>? filter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var subscription = new EventSubscription(this, name, capacity, filter);
        lock (_lock) _subscribers = [.. _subscribers, subscription];
        return subscription;
    }

    internal void Remove(EventSubscription subscription)
    {
        lock (_lock) _subscribers = [.. _subscribers.Where(s => s != subscription)];
    }
}

public sealed class EventSubscription : IDisposable
{
    private readonly EventStream _stream;
    private readonly Func<StreamEvent, bool>? _filter;
    private readonly Channel<StreamEvent> _backlog;
    private long _dropped;

    internal EventSubscription(EventStream stream, string name, int capacity, Func<StreamEvent, bool>? filter)
    {
        _stream = stream;
        _filter = filter;
        Name = name;
        _backlog = Channel.CreateBounded<StreamEvent>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    public string Name { get; }
    public ChannelReader<StreamEvent> Reader => _backlog.Reader;

    /// <summary>Events dropped because this subscriber fell behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    internal void Offer(StreamEvent published)
    {
        if (_filter is null || _filter(published)) _backlog.Writer.TryWrite(published);
    }

    public void Dispose()
    {
        _stream.Remove(this);
        _backlog.Writer.TryComplete();
    }
}
