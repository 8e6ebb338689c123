using ThreeSocial.Runtime;
using ThreeSocial.Runtime.Storage;

namespace ThreeSocial.Grains.Counters;

public sealed record CounterState
{
    public long Value { get; init; }
}

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> counter) : Grain, ICounterGrain
{
    public async Task<long> Increment()
    {
        var before = counter.State;
        counter.State = before with { Value = before.Value + 1 };
        try
        {
            await counter.WriteStateAsync();
        }
        catch
        {
            counter.State = before; // not stored, so not counted
            throw;
        }
        return counter.State.Value;
    }

    public Task<long> Get() => Task.FromResult(counter.State.Value);

    public Task Reset() => counter.ClearStateAsync();
}
