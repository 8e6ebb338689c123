using System.Diagnostics;
using System.Text.Json;
using ThreeSocial.Runtime.Metrics;

namespace ThreeSocial.Runtime.Storage;

/// <summary>A grain's durable state, injected into its constructor with [PersistentState("name")].</summary>
public interface IPersistentState<TState> where TState : new()
{
    TState State { get; set; }
    string? Etag { get; }
    bool RecordExists { get; }
    Task ReadStateAsync();
    Task WriteStateAsync();
    Task ClearStateAsync();
}

/// <summary>What the activation needs of a state slot: reading it before OnActivateAsync.</summary>
internal interface IStateSlot
{
    Task ReadStateAsync();
}

/// <summary>How grain state becomes bytes in every provider.</summary>
public static class GrainStateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

internal sealed class PersistentState<TState>(string stateName, GrainId grainId, IGrainStorage storage, RuntimeMetrics metrics)
    : IPersistentState<TState>, IStateSlot where TState : new()
{
    public TState State { get; set; } = new();
    public string? Etag { get; private set; }
    public bool RecordExists { get; private set; }

    public async Task ReadStateAsync()
    {
        var stored = await storage.ReadAsync(stateName, grainId);
        if (stored is null)
        {
            State = new TState();
            Etag = null;
            RecordExists = false;
            return;
        }
        State = JsonSerializer.Deserialize<TState>(stored.Data, GrainStateJson.Options) ?? new TState();
        Etag = stored.ETag;
        RecordExists = true;
    }

    public async Task WriteStateAsync()
    {
        var data = JsonSerializer.SerializeToUtf8Bytes(State, GrainStateJson.Options);
        var started = Stopwatch.GetTimestamp();
        Etag = await storage.WriteAsync(stateName, grainId, data, Etag);
        metrics.StorageWritten(storage.ProviderName, started);
        RecordExists = true;
    }

    public async Task ClearStateAsync()
    {
        await storage.ClearAsync(stateName, grainId, Etag);
        Etag = null;
        RecordExists = false;
        State = new TState();
    }
}

internal static class PersistentStateFactory
{
    internal static IStateSlot CreateJournal(Type parameterType, string name, GrainId grainId, IGrainStorage storage, RuntimeMetrics metrics)
    {
        if (!parameterType.IsGenericType || parameterType.GetGenericTypeDefinition() != typeof(IJournal<,>))
            throw new InvalidOperationException($"[Journal(\"{name}\")] must mark an IJournal<TState, TEvent> parameter, not {parameterType.Name}.");
        var journalType = typeof(Journal<,>).MakeGenericType(parameterType.GetGenericArguments());
        return (IStateSlot)Activator.CreateInstance(journalType, name, grainId, storage, metrics)!;
    }

    internal static IStateSlot Create(Type parameterType, string stateName, GrainId grainId, IGrainStorage storage, RuntimeMetrics metrics)
    {
        if (!parameterType.IsGenericType || parameterType.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            throw new InvalidOperationException($"[PersistentState(\"{stateName}\")] must mark an IPersistentState<T> parameter, not {parameterType.Name}.");
        var stateType = parameterType.GetGenericArguments()[0];
        var slotType = typeof(PersistentState<>).MakeGenericType(stateType);
        return (IStateSlot)Activator.CreateInstance(slotType, stateName, grainId, storage, metrics)!;
    }
}

public static class PersistentStateExtensions
{
    /// <summary>
    /// Makes <paramref name="next"/> the state and stores it. If storing fails the state is put back as it was, so what a
    /// grain holds in memory never runs ahead of what storage has, and the exception goes to the caller.
    /// </summary>
    public static async Task ReplaceStateAsync<TState>(this IPersistentState<TState> state, TState next) where TState : new()
    {
        var before = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = before;
            throw;
        }
    }
}
