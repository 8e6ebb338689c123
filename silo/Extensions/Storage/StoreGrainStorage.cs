using System.Text.Json;
using Orleans.Runtime;
using Orleans.Storage;

namespace ThreeSocial.Storage;

/// <summary>
/// Orleans' grain storage over one of our stores: the state as JSON bytes under (grain type, grain key, state name), the
/// store's ETag passed through. A write returns when the store has made it durable (for SQLite: after the synced group
/// commit that holds it).
/// </summary>
public sealed class StoreGrainStorage(IStateStore store) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = await store.ReadAsync(stateName, GrainKey.Of(grainId));
        if (stored is null)
        {
            grainState.State = Fresh<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        grainState.State = JsonSerializer.Deserialize<T>(stored.Data, GrainStateJson.Options)!;
        grainState.ETag = stored.ETag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var data = JsonSerializer.SerializeToUtf8Bytes(grainState.State, GrainStateJson.Options);
        grainState.ETag = await store.WriteAsync(stateName, GrainKey.Of(grainId), data, grainState.ETag);
        grainState.RecordExists = true;
    }

    /// <summary>A state never reads as null: no record is a new one (as Orleans' own providers do).</summary>
    private static T Fresh<T>() => typeof(T).IsValueType || typeof(T).GetConstructor(Type.EmptyTypes) is not null ? Activator.CreateInstance<T>() : default!;

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await store.ClearAsync(stateName, GrainKey.Of(grainId), grainState.ETag);
        grainState.State = Fresh<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }
}
