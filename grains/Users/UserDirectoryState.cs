using System.Collections.Immutable;

namespace ThreeSocial.Grains.Users;

public sealed record UserDirectoryState
{
    public ImmutableArray<string> Names { get; init; } = [];
}
