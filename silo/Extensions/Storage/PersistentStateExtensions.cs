using Orleans.Runtime;

namespace ThreeSocial.Storage;

public static class PersistentStateExtensions
{
    /// <summary>
    /// Makes <paramref name="next"/> the state and stores it. If storing fails the state is put back as it was, so what a
    /// grain holds in memory never runs ahead of what storage has, and the exception goes to the caller.
    /// </summary>
    public static async Task ReplaceStateAsync<TState>(this IPersistentState<TState> state, TState next)
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
