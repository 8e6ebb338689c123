using System.Collections.Immutable;
using ThreeSocial.Grains.Incidents;

namespace ThreeSocial.Grains.Reports;

/// <summary>
/// What one incident says about its street's deadlines: each deadline met, missed (with its cause) or still pending,
/// and the resident's satisfaction. Recomputed whole from the incident's state at each change, so the latest replaces
/// the one before (by <see cref="Version"/>, the timeline's length) and nothing is counted twice.
/// </summary>
[GenerateSerializer, Immutable, Alias("ts.ComplianceRecord")]
public sealed record ComplianceRecord(
    [property: Id(0)] string IncidentId, [property: Id(1)] string Street, [property: Id(2)] string Subtype, [property: Id(3)] ResponseKind Response,
    [property: Id(4)] DateTimeOffset ReportedAt, [property: Id(5)] ImmutableArray<DeadlineResult> Deadlines, [property: Id(6)] int? Satisfaction,
    [property: Id(7)] bool Cancelled, [property: Id(8)] long Version)
{
    public bool SameAs(ComplianceRecord? other) =>
        other is not null && other with { Deadlines = Deadlines, Version = Version } == this && other.Deadlines.SequenceEqual(Deadlines);
}
