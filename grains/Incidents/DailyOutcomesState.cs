using System.Collections.Immutable;

namespace ThreeSocial.Grains.Incidents;

public sealed record DailyOutcomesState
{
    public ImmutableDictionary<string, bool> Decided { get; init; } = ImmutableDictionary<string, bool>.Empty;
    public long Version { get; init; }
}
