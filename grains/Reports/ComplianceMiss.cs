using ThreeSocial.Grains.Incidents;

namespace ThreeSocial.Grains.Reports;

/// <summary>One deadline one incident missed, and why.</summary>
[GenerateSerializer, Immutable, Alias("ts.ComplianceMiss")]
public sealed record ComplianceMiss(
    [property: Id(0)] string IncidentId, [property: Id(1)] string Street, [property: Id(2)] string Subtype, [property: Id(3)] DateTimeOffset ReportedAt,
    [property: Id(4)] DeadlineKind Deadline, [property: Id(5)] DateTimeOffset Due, [property: Id(6)] DateTimeOffset? MetAt, [property: Id(7)] MissCause Cause)
{
    public static IEnumerable<ComplianceMiss> Of(ComplianceRecord r) => r.Cancelled ? [] :
        r.Deadlines.Where(d => d.Outcome == DeadlineOutcome.Missed)
            .Select(d => new ComplianceMiss(r.IncidentId, r.Street, r.Subtype, r.ReportedAt, d.Deadline, d.Due, d.MetAt, d.Cause!.Value));
}
