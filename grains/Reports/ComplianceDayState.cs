using System.Collections.Immutable;
using ThreeSocial.Journal;

namespace ThreeSocial.Grains.Reports;

/// <summary>
/// A region's day as folded from its journal. A busy street's day in a storm changes thousands of times: each change is
/// one small log record, where rewriting the whole day each time made the storm's garbage and its dispatch tail grow.
/// </summary>
public sealed record ComplianceDayState : IJournaledState<ComplianceDayState, ComplianceDayChange>
{
    /// <summary>A street's incidents reported that day, by id.</summary>
    public ImmutableDictionary<string, ComplianceRecord> Records { get; init; } = ImmutableDictionary<string, ComplianceRecord>.Empty;

    /// <summary>A district's streets or the city's districts, by code.</summary>
    public ImmutableDictionary<string, ChildTally> Children { get; init; } = ImmutableDictionary<string, ChildTally>.Empty;

    public long Version { get; init; }

    public ComplianceDayState Apply(ComplianceDayChange e) => e switch
    {
        { Record: { } record } => this with { Records = Records.SetItem(record.IncidentId, record), Version = Version + 1 },
        { Child: { } child, Tally: { } tally } => this with { Children = Children.SetItem(child, tally), Version = Version + 1 },
        _ => this,
    };
}

[GenerateSerializer, Immutable, Alias("ts.ChildTally")]
public sealed record ChildTally([property: Id(0)] ComplianceTally Tally, [property: Id(1)] long Version);
