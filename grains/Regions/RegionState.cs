using System.Collections.Immutable;

namespace ThreeSocial.Grains.Regions;

public sealed record RegionState
{
    public ImmutableDictionary<string, ChildReport> Children { get; init; } = ImmutableDictionary<string, ChildReport>.Empty;
    public RollupTotals Totals { get; init; } = RollupTotals.Zero;
    public long Version { get; init; }
}
