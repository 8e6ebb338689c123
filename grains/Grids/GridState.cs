using System.Collections.Immutable;
using ThreeSocial.Grains.Communities;

namespace ThreeSocial.Grains.Grids;

public sealed record GridState
{
    public ImmutableDictionary<string, ResponderDuty> Workers { get; init; } = ImmutableDictionary<string, ResponderDuty>.Empty;
    public ImmutableArray<string> OpenIncidents { get; init; } = [];
}
