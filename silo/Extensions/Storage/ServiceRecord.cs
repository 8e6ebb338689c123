using Orleans.Runtime;
using Orleans.Storage;

namespace ThreeSocial.Storage;

/// <summary>
/// A record that belongs to the service rather than to a grain (the demo load's marker, a silo's last run), kept through
/// the silo's default grain storage so it lives wherever grain state lives, whichever provider that is. Usable before
/// the silo has started and after it has stopped, when no grain can be called.
/// </summary>
public sealed class ServiceRecord<T>(IGrainStorage storage, string name, GrainId id) where T : class, new()
{
    private readonly GrainState<T> _state = new(new T());

    public async Task<T?> ReadAsync()
    {
        await storage.ReadStateAsync(name, id, _state);
        return _state.RecordExists ? _state.State : null;
    }

    /// <summary>Replaces the record read last (or creates it); a record changed meanwhile is an InconsistentStateException.</summary>
    public Task WriteAsync(T value)
    {
        _state.State = value;
        return storage.WriteStateAsync(name, id, _state);
    }
}
