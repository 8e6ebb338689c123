using System.Collections.Immutable;

namespace ThreeSocial.Grains.Reports;

public sealed record ComplianceDayState
{
    /// <summary>A street's incidents reported that day, by id.</summary>
    public ImmutableDictionary<string, ComplianceRecord> Records { get; init; } = ImmutableDictionary<string, ComplianceRecord>.Empty;

    /// <summary>A district's streets or the city's districts, by code.</summary>
    public ImmutableDictionary<string, ChildTally> Children { get; init; } = ImmutableDictionary<string, ChildTally>.Empty;

    public long Version { get; init; }
}

[GenerateSerializer, Immutable, Alias("ts.ChildTally")]
public sealed record ChildTally([property: Id(0)] ComplianceTally Tally, [property: Id(1)] long Version);
