using ThreeSocial.Storage;

namespace ThreeSocial.TestGrains;

public sealed record ProbeState
{
    public string? Note { get; init; }
    public int Number { get; init; }
}

[GenerateSerializer, Immutable, Alias("test.StateView")]
public sealed record StateView([Id(0)] bool RecordExists, [Id(1)] string? Etag, [Id(2)] bool StateIsNull, [Id(3)] string? Note, [Id(4)] int Number);

/// <summary>A grain that shows what its persistent state looks like, for the storage contract tests.</summary>
[Alias("test.IProbeGrain")]
public interface IProbeGrain : IGrainWithStringKey
{
    /// <summary>Unique per activation: a new activation of the same grain answers a new value.</summary>
    Task<string> GetActivationId();

    /// <summary>The silo this activation runs on.</summary>
    Task<string> GetSilo();
    Task SetNote(string note);
    Task<StateView> View();
    Task ClearState();
}

public sealed class ProbeGrain([PersistentState("probe")] IPersistentState<ProbeState> state) : Grain, IProbeGrain
{
    public Task<string> GetActivationId() => Task.FromResult(GrainContext.ActivationId.ToString());

    public Task<string> GetSilo() => Task.FromResult(RuntimeIdentity);

    public Task SetNote(string note) => state.ReplaceStateAsync(state.State with { Note = note, Number = state.State.Number + 1 });

    public Task<StateView> View() =>
        Task.FromResult(new StateView(state.RecordExists, state.Etag, state.State is null, state.State?.Note, state.State?.Number ?? 0));

    public Task ClearState() => state.ClearStateAsync();
}
