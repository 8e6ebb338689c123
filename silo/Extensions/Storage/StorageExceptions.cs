using Orleans.Runtime;

namespace ThreeSocial.Storage;

/// <summary>
/// Storage could not be read or written (unreachable, locked, full). Nothing was acknowledged. An OrleansException, so
/// Orleans' state bridge passes it to the caller as it is instead of wrapping it.
/// </summary>
[GenerateSerializer, Alias("ThreeSocial.Storage.GrainStorageException")]
public sealed class GrainStorageException : OrleansException
{
    public GrainStorageException(string message, Exception? inner = null) : base(message, inner!) { }
}
