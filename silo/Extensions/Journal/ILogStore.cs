using Orleans.Storage;
using ThreeSocial.Storage;

namespace ThreeSocial.Journal;

/// <summary>
/// Where journals keep their events (an append-only log per grain and name) and their snapshots. One per storage
/// provider: the SQLite file, PostgreSQL, Azure Blob. A method that returns has made its change durable.
/// </summary>
public interface ILogStore
{
    /// <summary>
    /// Appends entries as numbers expectedLength+1, +2, ... Throws <see cref="InconsistentStateException"/> and appends
    /// nothing when the log is not expectedLength long.
    /// </summary>
    Task AppendAsync(string logName, GrainKey grainId, long expectedLength, IReadOnlyList<byte[]> entries, CancellationToken cancellationToken = default);

    /// <summary>Up to maxCount log entries numbered after afterNumber, in order (entries are numbered from 1).</summary>
    Task<IReadOnlyList<byte[]>> ReadLogAsync(string logName, GrainKey grainId, long afterNumber, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>The log's latest snapshot, or null when none was written.</summary>
    Task<StoredState?> ReadSnapshotAsync(string logName, GrainKey grainId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the snapshot if <paramref name="etag"/> is the stored one (null: none yet); returns the new ETag.</summary>
    Task<string> WriteSnapshotAsync(string logName, GrainKey grainId, byte[] data, string? etag, CancellationToken cancellationToken = default);
}
