using System.Collections.Immutable;

namespace ThreeSocial.Grains.Users;

/// <summary>The names of every account (key: "all"), for the administrators' list.</summary>
[Alias("ts.IUserDirectoryGrain")]
public interface IUserDirectoryGrain : IGrainWithStringKey
{
    Task Add(string name);

    [ReadOnly] Task<ImmutableArray<string>> List();
}
