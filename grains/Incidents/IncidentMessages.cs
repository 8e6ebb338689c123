using System.Collections.Immutable;
using ThreeSocial.Grains.Dispatch;

namespace ThreeSocial.Grains.Incidents;

/// <summary>一般 / 较大 / 重大 / 特别重大 (levels IV to I), least to most severe.</summary>
[GenerateSerializer, Alias("ts.Severity")]
public enum Severity { General, Serious, Major, Critical }

[GenerateSerializer, Immutable, Alias("ts.PeopleInvolved")]
public sealed record PeopleInvolved([Id(0)] int Count = 1, [Id(1)] bool ElderlyLivingAlone = false, [Id(2)] bool Disabled = false, [Id(3)] bool Child = false);

/// <summary>
/// The resident to call and find: personal data, shown only to roles that need it (the grid worker and street office
/// of the place), masked for everyone else, and never logged.
/// </summary>
[GenerateSerializer, Immutable, Alias("ts.Contact")]
public sealed record Contact([Id(0)] string Name, [Id(1)] string Phone, [Id(2)] string? Address = null);

/// <summary>A report from a grid worker or a feed; the request id is its Idempotency-Key. Reporter is the signed-in account.</summary>
[GenerateSerializer, Immutable, Alias("ts.ReportIncident")]
public sealed record ReportIncident(
    [Id(0)] string RequestId, [Id(1)] string Subtype, [Id(2)] Severity Severity, [Id(3)] double Longitude, [Id(4)] double Latitude, [Id(5)] string Description,
    [Id(6)] PeopleInvolved People, [Id(7)] string Reporter, [Id(8)] Contact? Contact = null);

/// <summary>Where an incident is, resolved from its point: grid, community, street and district codes.</summary>
[GenerateSerializer, Immutable, Alias("ts.IncidentPlace")]
public sealed record IncidentPlace([Id(0)] double Longitude, [Id(1)] double Latitude, [Id(2)] string Grid, [Id(3)] string Community, [Id(4)] string Street, [Id(5)] string District);

/// <summary>What is known of an incident at its report, fixed from then on.</summary>
[GenerateSerializer, Immutable, Alias("ts.IncidentReport")]
public sealed record IncidentReport(
    [Id(0)] string Subtype, [Id(1)] IncidentClass Class, [Id(2)] ResponseKind Response, [Id(3)] Severity Severity, [Id(4)] IncidentPlace Place, [Id(5)] string Description,
    [Id(6)] PeopleInvolved People, [Id(7)] string Reporter, [Id(8)] DateTimeOffset ReportedAt, [Id(9)] Deadlines Deadlines, [Id(10)] string Fingerprint, [Id(11)] Contact? Contact = null);

/// <summary>Where a responder is in an assignment. Released ends it (declined, timed out, off duty, or incident over).</summary>
[GenerateSerializer, Alias("ts.AssignmentStatus")]
public enum AssignmentStatus { Dispatched, Accepted, EnRoute, OnScene, Done, Released }

[GenerateSerializer, Immutable, Alias("ts.Assignment")]
public sealed record Assignment(
    [Id(0)] string ResponderId, [Id(1)] string Need, [Id(2)] AssignmentStatus Status, [Id(3)] DateTimeOffset DispatchedAt, [Id(4)] double EtaMinutes, [Id(5)] bool MutualAid,
    [Id(6)] string? ReleasedBecause = null);

/// <summary>Supplies issued to the incident from one stockpile: the ledger lines there say which batches.</summary>
[GenerateSerializer, Immutable, Alias("ts.SupplyAllocation")]
public sealed record SupplyAllocation([Id(0)] string StockpileId, [Id(1)] string Category, [Id(2)] int Quantity, [Id(3)] ImmutableArray<Stockpiles.LedgerEntry> Lines);

/// <summary>An incident as the API shows it: the report, where it stands, who is assigned, and its timeline.</summary>
[GenerateSerializer, Immutable, Alias("ts.IncidentView")]
public sealed record IncidentView(
    [Id(0)] string Id, [Id(1)] IncidentStage Stage, [Id(2)] IncidentReport Report, [Id(3)] ImmutableArray<Assignment> Assignments,
    [Id(4)] ImmutableArray<SupplyAllocation> Supplies, [Id(5)] ImmutableArray<TimelineEntry> Timeline, [Id(6)] DateTimeOffset? FirstOnSceneAt,
    [Id(7)] bool AcknowledgedByStreet);

/// <summary>The incident after a report; Replayed when the same Idempotency-Key had already reported it.</summary>
[GenerateSerializer, Immutable, Alias("ts.ReportResult")]
public sealed record ReportResult([Id(0)] IncidentView Incident, [Id(1)] bool Replayed);

/// <summary>
/// An incident as a list or a map marker needs it: where, what, how urgent, its deadline. Version is the length of its
/// timeline, so of two summaries the one with the higher version is the newer.
/// </summary>
[GenerateSerializer, Immutable, Alias("ts.IncidentSummary")]
public sealed record IncidentSummary(
    [Id(0)] string Id, [Id(1)] long Version, [Id(2)] IncidentStage Stage, [Id(3)] string Subtype, [Id(4)] Severity Severity, [Id(5)] IncidentPlace Place, [Id(6)] DateTimeOffset ReportedAt,
    [Id(7)] DateTimeOffset RespondBy, [Id(8)] DateTimeOffset? FirstOnSceneAt, [Id(9)] int Assigned, [Id(10)] bool Escalated);

/// <summary>Published on the silo's event stream (relayed to every silo) after every change, for the map and alerts.</summary>
[GenerateSerializer, Immutable, Alias("ts.IncidentChanged")]
public sealed record IncidentChanged([Id(0)] IncidentSummary Incident, [Id(1)] TimelineKind Cause)
{
    public string Id => Incident.Id;
}
