namespace ThreeSocial.Runtime;

/// <summary>A write or clear carried an ETag that no longer matches storage; storage was left unchanged.</summary>
public sealed class InconsistentStateException(string message, string? storedEtag, string? currentEtag)
    : Exception(message)
{
    /// <summary>The ETag in storage at the time of the failed operation (null when no record exists).</summary>
    public string? StoredEtag { get; } = storedEtag;

    /// <summary>The ETag the caller presented.</summary>
    public string? CurrentEtag { get; } = currentEtag;
}

/// <summary>Storage could not be read or written (unreachable, locked, full). Nothing was acknowledged.</summary>
public sealed class GrainStorageException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The runtime is shutting down and accepts no new calls.</summary>
public sealed class GrainRuntimeStoppedException() : Exception("The grain runtime is shutting down and accepts no new calls.");
