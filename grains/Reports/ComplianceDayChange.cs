namespace ThreeSocial.Grains.Reports;

/// <summary>One change of a region's day, as its journal stores it: an incident's record (a street) or a child's tally (a district, the city).</summary>
[GenerateSerializer, Immutable, Alias("ts.ComplianceDayChange")]
public sealed record ComplianceDayChange([property: Id(0)] ComplianceRecord? Record = null, [property: Id(1)] string? Child = null, [property: Id(2)] ChildTally? Tally = null);
