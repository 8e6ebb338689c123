using ThreeSocial.Runtime;
using ThreeSocial.Runtime.Storage;

namespace ThreeSocial.TestGrains;

public interface ISlowWriterGrain : IGrainWithStringKey
{
    Task<int> WriteAfter(int delayMs, int value);
    Task<int> Read();
}

public sealed record SlowState
{
    public int Value { get; init; }
}

/// <summary>Holds a request open, then writes: shutdown must wait for it.</summary>
public sealed class SlowWriterGrain([PersistentState("slow")] IPersistentState<SlowState> state) : Grain, ISlowWriterGrain
{
    public async Task<int> WriteAfter(int delayMs, int value)
    {
        await Task.Delay(delayMs);
        state.State = new SlowState { Value = value };
        await state.WriteStateAsync();
        return value;
    }

    public Task<int> Read() => Task.FromResult(state.State.Value);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        ProbeLog.Add(GetPrimaryKeyString(), "deactivate:" + reason.Code);
        return Task.CompletedTask;
    }
}
