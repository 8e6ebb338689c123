namespace ThreeSocial.Storage;

/// <summary>Whether the storage the silo runs on answers right now, whichever provider it is.</summary>
public interface IStorageHealth
{
    /// <summary>Throws nothing: a storage that cannot be reached is an answer, not an error.</summary>
    Task<StorageHealth> CheckHealthAsync(CancellationToken cancellationToken = default);
}

public sealed record StorageHealth(string Provider, bool Reachable, string? Detail = null);
