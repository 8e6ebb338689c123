using Orleans.Storage;

namespace ThreeSocial.Storage;

/// <summary>A stored grain state: its serialized bytes and the ETag that guards the next write.</summary>
public sealed record StoredState(byte[] Data, string ETag);

/// <summary>
/// Our own byte store of grain states (the SQLite file), under Orleans' grain storage. ETags are opaque strings chosen by
/// the store. A write or clear whose ETag does not match (a null ETag means "no record yet") throws
/// <see cref="InconsistentStateException"/> and changes nothing. A method that returns has made its change durable.
/// </summary>
public interface IStateStore
{
    /// <summary>The stored state, or null when no record exists.</summary>
    Task<StoredState?> ReadAsync(string stateName, GrainKey grainId, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the record and returns its new ETag.</summary>
    Task<string> WriteAsync(string stateName, GrainKey grainId, byte[] data, string? etag, CancellationToken cancellationToken = default);

    /// <summary>Deletes the record. Clearing a missing record with a null ETag is a no-op.</summary>
    Task ClearAsync(string stateName, GrainKey grainId, string? etag, CancellationToken cancellationToken = default);
}
