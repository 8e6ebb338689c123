using System.Collections.Immutable;
using ThreeSocial.Storage;

namespace ThreeSocial.Grains.Users;

public sealed class UserDirectoryGrain([PersistentState("users")] IPersistentState<UserDirectoryState> state) : Grain, IUserDirectoryGrain
{
    public const string Key = "all";

    public async Task Add(string name)
    {
        if (state.State.Names.Contains(name)) return;
        await state.ReplaceStateAsync(state.State with { Names = [.. state.State.Names.Append(name).Order(StringComparer.Ordinal)] });
    }

    public Task<ImmutableArray<string>> List() => Task.FromResult(state.State.Names);
}
