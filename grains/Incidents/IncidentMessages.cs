using System.Collections.Immutable;
using ThreeSocial.Grains.Dispatch;

namespace ThreeSocial.Grains.Incidents;

/// <summary>一般 / 较大 / 重大 / 特别重大 (levels IV to I), least to most severe.</summary>
public enum Severity { General, Serious, Major, Critical }

/// <summary>The incident's lifecycle; only the moves in <see cref="IncidentStages"/> are legal.</summary>
public enum IncidentStage { Reported, Dispatched, Accepted, EnRoute, OnScene, Resolved, Closed, Cancelled, Escalated }

public sealed record PeopleInvolved(int Count = 1, bool ElderlyLivingAlone = false, bool Disabled = false, bool Child = false);

/// <summary>
/// The resident to call and find: personal data, shown only to roles that need it (the grid worker and street office
/// of the place), masked for everyone else, and never logged.
/// </summary>
public sealed record Contact(string Name, string Phone, string? Address = null);

/// <summary>A report from a grid worker or a feed; the request id is its Idempotency-Key. Reporter is the signed-in account.</summary>
public sealed record ReportIncident(
    string RequestId, string Subtype, Severity Severity, double Longitude, double Latitude, string Description,
    PeopleInvolved People, string Reporter, Contact? Contact = null);

/// <summary>Where an incident is, resolved from its point: grid, community, street and district codes.</summary>
public sealed record IncidentPlace(double Longitude, double Latitude, string Grid, string Community, string Street, string District);

/// <summary>What is known of an incident at its report, fixed from then on.</summary>
public sealed record IncidentReport(
    string Subtype, IncidentClass Class, ResponseKind Response, Severity Severity, IncidentPlace Place, string Description,
    PeopleInvolved People, string Reporter, DateTimeOffset ReportedAt, Deadlines Deadlines, string Fingerprint, Contact? Contact = null);

/// <summary>Where a responder is in an assignment. Released ends it (declined, timed out, off duty, or incident over).</summary>
public enum AssignmentStatus { Dispatched, Accepted, EnRoute, OnScene, Done, Released }

public sealed record Assignment(
    string ResponderId, string Need, AssignmentStatus Status, DateTimeOffset DispatchedAt, double EtaMinutes, bool MutualAid,
    string? ReleasedBecause = null);

/// <summary>Supplies issued to the incident from one stockpile: the ledger lines there say which batches.</summary>
public sealed record SupplyAllocation(string StockpileId, string Category, int Quantity, ImmutableArray<Stockpiles.LedgerEntry> Lines);

/// <summary>What a timeline line records (the audit trail of the incident).</summary>
public enum TimelineKind
{
    Reported, ReportedUp, Acknowledged, Dispatched, Accepted, EnRoute, OnScene, Resolved, Closed, Cancelled, Escalated,
    Released, SuppliesIssued, DeadlineMissed, FollowUpDispatched,
}

/// <summary>One line of an incident's timeline: who did what, when and why; stored in the incident's journal.</summary>
public sealed record TimelineEntry(
    DateTimeOffset At, string Actor, TimelineKind Kind, string? Note = null, string? ResponderId = null,
    IncidentReport? Report = null, DispatchDecision? Decision = null, ImmutableArray<SupplyAllocation>? Supplies = null, string? Cause = null);

/// <summary>An incident as the API shows it: the report, where it stands, who is assigned, and its timeline.</summary>
public sealed record IncidentView(
    string Id, IncidentStage Stage, IncidentReport Report, ImmutableArray<Assignment> Assignments,
    ImmutableArray<SupplyAllocation> Supplies, ImmutableArray<TimelineEntry> Timeline, DateTimeOffset? FirstOnSceneAt,
    bool AcknowledgedByStreet);

/// <summary>The incident after a report; Replayed when the same Idempotency-Key had already reported it.</summary>
public sealed record ReportResult(IncidentView Incident, bool Replayed);

/// <summary>
/// An incident as a list or a map marker needs it: where, what, how urgent, its deadline. Version is the length of its
/// timeline, so of two summaries the one with the higher version is the newer.
/// </summary>
public sealed record IncidentSummary(
    string Id, long Version, IncidentStage Stage, string Subtype, Severity Severity, IncidentPlace Place, DateTimeOffset ReportedAt,
    DateTimeOffset RespondBy, DateTimeOffset? FirstOnSceneAt, int Assigned, bool Escalated);

/// <summary>Published on the runtime's event stream after every change, for the map and alerts.</summary>
public sealed record IncidentChanged(IncidentSummary Incident, TimelineKind Cause)
{
    public string Id => Incident.Id;
}

/// <summary>No local answer meets the deadline, or a deadline passed: someone above must know (alerts turn this into CAP).</summary>
public sealed record IncidentEscalated(string Id, string Street, string District, string Reason, DateTimeOffset At);

public static class IncidentStages
{
    private static readonly ImmutableDictionary<IncidentStage, ImmutableHashSet<IncidentStage>> Legal = new Dictionary<IncidentStage, IncidentStage[]>
    {
        [IncidentStage.Reported] = [IncidentStage.Dispatched, IncidentStage.Escalated, IncidentStage.Cancelled],
        [IncidentStage.Escalated] = [IncidentStage.Dispatched, IncidentStage.Cancelled],
        [IncidentStage.Dispatched] = [IncidentStage.Accepted, IncidentStage.Escalated, IncidentStage.Cancelled, IncidentStage.Dispatched],
        [IncidentStage.Accepted] = [IncidentStage.EnRoute, IncidentStage.OnScene, IncidentStage.Dispatched, IncidentStage.Escalated, IncidentStage.Cancelled],
        [IncidentStage.EnRoute] = [IncidentStage.OnScene, IncidentStage.Dispatched, IncidentStage.Escalated, IncidentStage.Cancelled],
        [IncidentStage.OnScene] = [IncidentStage.Resolved],
        [IncidentStage.Resolved] = [IncidentStage.Closed],
        [IncidentStage.Closed] = [],
        [IncidentStage.Cancelled] = [],
    }.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.ToImmutableHashSet());

    public static bool CanMove(IncidentStage from, IncidentStage to) => Legal[from].Contains(to);

    public static bool IsOpen(IncidentStage stage) => stage is not (IncidentStage.Resolved or IncidentStage.Closed or IncidentStage.Cancelled);
}
