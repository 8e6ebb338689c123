using System.Collections.Immutable;

namespace ThreeSocial.Grains.Reports;

/// <summary>
/// One region's day (by report date, +08:00): its tally; a street also lists its misses, a district or the city the
/// children that had any (the report reads the misses from there, so totals stay small as they go up).
/// </summary>
[GenerateSerializer, Immutable, Alias("ts.ComplianceDay")]
public sealed record ComplianceDay(
    [property: Id(0)] string Region, [property: Id(1)] DateOnly Date, [property: Id(2)] ComplianceTally Tally,
    [property: Id(3)] ImmutableArray<string> ChildrenWithMisses, [property: Id(4)] ImmutableArray<ComplianceMiss> Misses);
