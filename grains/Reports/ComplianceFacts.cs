using System.Collections.Immutable;
using ThreeSocial.Grains.Incidents;

namespace ThreeSocial.Grains.Reports;

/// <summary>Reads an incident's compliance record off its state: when each deadline was met, and why one was missed.</summary>
public static class ComplianceFacts
{
    public static ComplianceRecord Of(string incidentId, IncidentState state, long version)
    {
        var report = state.Report ?? throw new InvalidOperationException($"Incident {incidentId} has no report.");
        var deadlines = DeadlineWatch.Of(report.Deadlines).Select(d => Result(d.Deadline, d.At, state)).ToImmutableArray();
        return new ComplianceRecord(incidentId, report.Place.Street, report.Subtype, report.Response, report.ReportedAt, deadlines, state.Satisfaction,
            state.Stage == IncidentStage.Cancelled, version);
    }

    private static DeadlineResult Result(DeadlineKind deadline, DateTimeOffset due, IncidentState state)
    {
        var metAt = deadline switch
        {
            DeadlineKind.ReportUp => state.AcknowledgedAt,
            DeadlineKind.OnScene => state.FirstOnSceneAt,
            DeadlineKind.Feedback => state.FirstAcceptedAt,
            _ => state.ResolvedAt,
        };
        if (metAt <= due) return new DeadlineResult(deadline, due, metAt, DeadlineOutcome.Met, null);
        // Late, or not met when the deadline's reminder came: missed either way. Otherwise still pending.
        if (metAt is null && !state.MissedDeadlines.Contains(deadline)) return new DeadlineResult(deadline, due, null, DeadlineOutcome.Pending, null);
        return new DeadlineResult(deadline, due, metAt, DeadlineOutcome.Missed, Cause(deadline, late: metAt is not null, state));
    }

    private static MissCause Cause(DeadlineKind deadline, bool late, IncidentState state) => deadline switch
    {
        DeadlineKind.ReportUp => late ? MissCause.AcknowledgedLate : MissCause.NotAcknowledged,
        DeadlineKind.Resolve => late ? MissCause.ResolvedLate : MissCause.NotResolved,
        _ when late || state.FirstAcceptedAt is not null => MissCause.ArrivedLate,
        _ when state.EscalatedFor.Contains(EscalationCause.NoResponder) => MissCause.NoResponderFound,
        _ => MissCause.NotAccepted,
    };
}
