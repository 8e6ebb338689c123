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
    public bool Escalated { get; init; }

    /// <summary>The causes already escalated (no responder, late, supplies, a missed deadline): each is raised once.</summary>
    public ImmutableHashSet<string> EscalatedFor { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);
    public ImmutableHashSet<string> MissedDeadlines { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    public bool IsOpen => Report is not null && IncidentStages.IsOpen(Stage);

    public IEnumerable<Assignment> Active => Assignments.Values.Where(a => a.Status is AssignmentStatus.Dispatched or AssignmentStatus.Accepted or AssignmentStatus.EnRoute or AssignmentStatus.OnScene);

    public IncidentState Apply(TimelineEntry e) => e.Kind switch
    {
        TimelineKind.Reported => this with { Report = e.Report, Stage = IncidentStage.Reported },
        TimelineKind.Acknowledged => this with { Acknowledged = true },
        TimelineKind.Dispatched => WithPicks(e) with
        {
            Stage = e.Decision!.Picks.Length > 0 && Stage is IncidentStage.Reported or IncidentStage.Escalated ? IncidentStage.Dispatched : Stage,
        },
        TimelineKind.FollowUpDispatched => WithPicks(e) with { FollowUpSent = true },
        TimelineKind.Accepted => Progress(e, AssignmentStatus.Accepted, IncidentStage.Accepted),
        TimelineKind.EnRoute => Progress(e, AssignmentStatus.EnRoute, IncidentStage.EnRoute),
        TimelineKind.OnScene => Progress(e, AssignmentStatus.OnScene, IncidentStage.OnScene) with { FirstOnSceneAt = FirstOnSceneAt ?? e.At },
        TimelineKind.Released => WithAssignment(e.ResponderId!, a => a with { Status = AssignmentStatus.Released, ReleasedBecause = e.Note }),
        TimelineKind.Resolved => EndAssignments(AssignmentStatus.Done, "resolved") with { Stage = IncidentStage.Resolved },
        TimelineKind.Closed => EndAssignments(AssignmentStatus.Done, "closed") with { Stage = IncidentStage.Closed },
        TimelineKind.Cancelled => EndAssignments(AssignmentStatus.Released, "cancelled") with { Stage = IncidentStage.Cancelled },
        TimelineKind.Escalated => this with
        {
            Escalated = true,
            EscalatedFor = e.Cause is { } cause ? EscalatedFor.Add(cause) : EscalatedFor,
            Stage = !Active.Any() && Stage is IncidentStage.Reported or IncidentStage.Dispatched or IncidentStage.Accepted or IncidentStage.EnRoute
                ? IncidentStage.Escalated : Stage,
        },
        TimelineKind.SuppliesIssued => this with { Supplies = Supplies.AddRange(e.Supplies ?? []), SuppliesSought = true },
        TimelineKind.DeadlineMissed => this with { MissedDeadlines = MissedDeadlines.Add(e.Note ?? "") },
        _ => this,
    };

    private IncidentState WithPicks(TimelineEntry e) => this with
    {
        Assignments = Assignments.SetItems(e.Decision!.Picks.Select(p => KeyValuePair.Create(p.ResponderId,
            new Assignment(p.ResponderId, p.Need, AssignmentStatus.Dispatched, e.At, p.EtaMinutes, p.MutualAid)))),
    };

    private IncidentState WithAssignment(string responderId, Func<Assignment, Assignment> change) =>
        Assignments.TryGetValue(responderId, out var a) ? this with { Assignments = Assignments.SetItem(responderId, change(a)) } : this;

    /// <summary>The incident's stage follows its most advanced responder: the first on scene puts the incident on scene.</summary>
    private IncidentState Progress(TimelineEntry e, AssignmentStatus status, IncidentStage stage)
    {
        var next = WithAssignment(e.ResponderId!, a => a with { Status = status });
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
