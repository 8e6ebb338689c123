using ThreeSocial.Journal;
using System.Collections.Immutable;
using ThreeSocial.Storage;

namespace ThreeSocial.Grains.Incidents;

/// <summary>An incident as its timeline leaves it: every field follows from the journal's entries, in order.</summary>
public sealed record IncidentState : IJournaledState<IncidentState, TimelineEntry>
{
    public IncidentReport? Report { get; init; }
    public IncidentStage Stage { get; init; }
    public ImmutableDictionary<string, Assignment> Assignments { get; init; } = ImmutableDictionary.Create<string, Assignment>(StringComparer.Ordinal);
    public ImmutableList<SupplyAllocation> Supplies { get; init; } = [];
    public bool SuppliesSought { get; init; }
    public bool FollowUpSent { get; init; }
    public DateTimeOffset? FirstOnSceneAt { get; init; }
    public bool Acknowledged { get; init; }

    // When each deadline was met: the compliance reports measure them (grains/Reports).
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public DateTimeOffset? FirstAcceptedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>The resident's satisfaction, 1–5: the last one recorded at resolution or closure.</summary>
    public int? Satisfaction { get; init; }
    public bool Escalated { get; init; }

    /// <summary>The causes already escalated: each is raised once.</summary>
    public ImmutableHashSet<EscalationCause> EscalatedFor { get; init; } = [];
    public ImmutableHashSet<DeadlineKind> MissedDeadlines { get; init; } = [];

    public bool IsOpen => Report is not null && IncidentStages.IsOpen(Stage);

    public IEnumerable<Assignment> Active => Assignments.Values.Where(a => a.Status is AssignmentStatus.Dispatched or AssignmentStatus.Accepted or AssignmentStatus.EnRoute or AssignmentStatus.OnScene);

    /// <summary>The incident as a list or a map marker shows it; the version is the timeline's length.</summary>
    public IncidentSummary Summary(string id, long version)
    {
        var report = Report ?? throw new InvalidOperationException($"Incident {id} has no report to summarise.");
        return new IncidentSummary(id, version, Stage, report.Subtype, report.Severity, report.Place, report.ReportedAt, report.Deadlines.RespondBy,
            FirstOnSceneAt, Assignments.Values.Count(a => a.Status is not (AssignmentStatus.Released or AssignmentStatus.Done)), Escalated);
    }

    /// <summary>What this incident adds to its street's totals: nothing once it has ended.</summary>
    public Regions.RollupTotals Contribution() => !IsOpen ? Regions.RollupTotals.Zero : new Regions.RollupTotals
    {
        OpenIncidents = 1,
        OpenEmergencies = Report!.Response == ResponseKind.Emergency ? 1 : 0,
        IncidentsEscalated = Escalated ? 1 : 0,
    };

    public IncidentState Apply(TimelineEntry e) => e switch
    {
        TimelineEntry.Reported r => this with { Report = r.Report, Stage = IncidentStage.Reported },
        TimelineEntry.Acknowledged a => this with { Acknowledged = true, AcknowledgedAt = AcknowledgedAt ?? a.At },
        TimelineEntry.Dispatched d => WithPicks(d.At, d.Decision.Picks) with
        {
            Stage = d.Decision.Picks.Length > 0 && Stage is IncidentStage.Reported or IncidentStage.Escalated ? IncidentStage.Dispatched : Stage,
        },
        TimelineEntry.FollowUpDispatched d => WithPicks(d.At, d.Decision.Picks) with { FollowUpSent = true },
        TimelineEntry.Accepted a => Progress(a.ResponderId, AssignmentStatus.Accepted, IncidentStage.Accepted) with { FirstAcceptedAt = FirstAcceptedAt ?? a.At },
        TimelineEntry.EnRoute a => Progress(a.ResponderId, AssignmentStatus.EnRoute, IncidentStage.EnRoute),
        TimelineEntry.OnScene a => Progress(a.ResponderId, AssignmentStatus.OnScene, IncidentStage.OnScene) with { FirstOnSceneAt = FirstOnSceneAt ?? a.At },
        TimelineEntry.Released r => WithAssignment(r.ResponderId, a => a with { Status = AssignmentStatus.Released, ReleasedBecause = r.Note }),
        TimelineEntry.Resolved r => EndAssignments(AssignmentStatus.Done, "resolved") with { Stage = IncidentStage.Resolved, ResolvedAt = ResolvedAt ?? r.At, Satisfaction = r.Satisfaction ?? Satisfaction },
        TimelineEntry.Closed c => EndAssignments(AssignmentStatus.Done, "closed") with { Stage = IncidentStage.Closed, ResolvedAt = ResolvedAt ?? c.At, Satisfaction = c.Satisfaction ?? Satisfaction },
        TimelineEntry.Cancelled => EndAssignments(AssignmentStatus.Released, "cancelled") with { Stage = IncidentStage.Cancelled },
        TimelineEntry.Escalated x => this with
        {
            Escalated = true,
            EscalatedFor = EscalatedFor.Add(x.Cause),
            Stage = !Active.Any() && Stage is IncidentStage.Reported or IncidentStage.Dispatched or IncidentStage.Accepted or IncidentStage.EnRoute
                ? IncidentStage.Escalated : Stage,
        },
        TimelineEntry.SuppliesIssued s => this with { Supplies = Supplies.AddRange(s.Supplies), SuppliesSought = true },
        TimelineEntry.DeadlineMissed m => this with { MissedDeadlines = MissedDeadlines.Add(m.Deadline) },
        _ => this,
    };

    private IncidentState WithPicks(DateTimeOffset at, ImmutableArray<Dispatch.ResponderPick> picks) => this with
    {
        Assignments = Assignments.SetItems(picks.Select(p => KeyValuePair.Create(p.ResponderId,
            new Assignment(p.ResponderId, p.Need, AssignmentStatus.Dispatched, at, p.EtaMinutes, p.MutualAid)))),
    };

    private IncidentState WithAssignment(string responderId, Func<Assignment, Assignment> change) =>
        Assignments.TryGetValue(responderId, out var a) ? this with { Assignments = Assignments.SetItem(responderId, change(a)) } : this;

    /// <summary>The incident's stage follows its most advanced responder: the first on scene puts the incident on scene.</summary>
    private IncidentState Progress(string responderId, AssignmentStatus status, IncidentStage stage)
    {
        var next = WithAssignment(responderId, a => a with { Status = status });
        return Rank(stage) > Rank(Stage) && Stage != IncidentStage.Cancelled ? next with { Stage = stage } : next;
    }

    private IncidentState EndAssignments(AssignmentStatus status, string because) => this with
    {
        Assignments = Assignments.SetItems(Active.Select(a => KeyValuePair.Create(a.ResponderId, a with { Status = status, ReleasedBecause = status == AssignmentStatus.Released ? because : null }))),
    };

    private static int Rank(IncidentStage stage) => stage switch
    {
        IncidentStage.Reported or IncidentStage.Escalated => 0,
        IncidentStage.Dispatched => 1,
        IncidentStage.Accepted => 2,
        IncidentStage.EnRoute => 3,
        IncidentStage.OnScene => 4,
        IncidentStage.Resolved => 5,
        _ => 6,
    };
}
