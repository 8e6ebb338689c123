using ThreeSocial.Storage;

namespace ThreeSocial.TestGrains;

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> counter) : Grain, ICounterGrain
{
    public async Task<long> Increment()
    {
        await counter.ReplaceStateAsync(counter.State with { Value = counter.State.Value + 1 }); // a write that fails leaves the count as it was
        return counter.State.Value;
    }

    public Task<long> Get() => Task.FromResult(counter.State.Value);

    public Task Reset() => counter.ClearStateAsync();
}
