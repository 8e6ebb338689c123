namespace ThreeSocial.Journal;

/// <summary>
/// A grain's durable history (as Orleans' JournaledGrain with log storage): events are appended to an append-only log
/// and folded into <see cref="State"/>. Writing an event costs its own size, not the size of everything before it.
/// Injected into the constructor with [Journal("name")], read before OnActivateAsync as [PersistentState] is.
/// </summary>
public interface IJournal<TState, TEvent> where TState : class, IJournaledState<TState, TEvent>, new()
{
    /// <summary>The state after every event appended so far.</summary>
    TState State { get; }

    /// <summary>How many events the log holds; event numbers run from 1 to Length.</summary>
    long Length { get; }

    /// <summary>Stores the events durably, then applies them. If storing fails, State and Length are unchanged.</summary>
    Task AppendAsync(IReadOnlyList<TEvent> events);

    /// <summary>Up to maxCount stored events numbered after afterNumber, oldest first.</summary>
    Task<IReadOnlyList<TEvent>> ReadAsync(long afterNumber, int maxCount);
}
