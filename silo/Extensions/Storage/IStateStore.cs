using Orleans.Storage;
namespace ThreeSocial.Storage;

/// <summary>A stored grain state: its serialized bytes and the ETag that guards the next write.</summary>
public sealed record StoredState(byte[] Data, string ETag);

/// <summary>
/// The one interface every storage provider implements. ETags are opaque strings chosen by the provider.
/// A write or clear whose ETag does not match (a null ETag means "no record yet") throws
/// <see cref="InconsistentStateException"/> and changes nothing. A method that returns has made its change durable.
/// </summary>
public interface IStateStore
{
    string ProviderName { get; }

    /// <summary>The stored state, or null when no record exists.</summary>
    Task<StoredState?> ReadAsync(string stateName, GrainKey grainId, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the record and returns its new ETag.</summary>
    Task<string> WriteAsync(string stateName, GrainKey grainId, byte[] data, string? etag, CancellationToken cancellationToken = default);

    /// <summary>Deletes the record. Clearing a missing record with a null ETag is a no-op.</summary>
    Task ClearAsync(string stateName, GrainKey grainId, string? etag, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends entries to a grain's append-only log as numbers expectedLength+1, +2, ... in one durable step.
    /// Throws <see cref="InconsistentStateException"/> and appends nothing when the log is not expectedLength long.
    /// </summary>
    Task AppendAsync(string logName, GrainKey grainId, long expectedLength, IReadOnlyList<byte[]> entries, CancellationToken cancellationToken = default);

    /// <summary>Up to maxCount log entries numbered after afterNumber, in order (entries are numbered from 1).</summary>
    Task<IReadOnlyList<byte[]>> ReadLogAsync(string logName, GrainKey grainId, long afterNumber, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Whether the store answers right now; throws nothing.</summary>
    Task<StorageHealth> CheckHealthAsync(CancellationToken cancellationToken = default);
}

public sealed record StorageHealth(string Provider, bool Reachable, string? Detail = null);
