namespace ThreeSocial.Storage.Sqlite;

/// <summary>The SQLite store's settings (Storage:Sqlite).</summary>
public sealed class SqliteStorageOptions
{
    public string Path { get; set; } = "data/threesocial.db";

    /// <summary>Most writes committed together in one transaction and one sync (1 disables group commit).</summary>
    public int MaxBatchSize { get; set; } = 1024;

    /// <summary>How long a write waits for a lock held by another process before it fails.</summary>
    public int BusyTimeoutSeconds { get; set; } = 5;

    /// <summary>Caps the database size so a runaway writer fails cleanly instead of filling the disk.</summary>
    public long? MaxSizeBytes { get; set; }
}
