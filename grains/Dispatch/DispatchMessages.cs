using System.Collections.Immutable;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Responders;
using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.Dispatch;

/// <summary>A responder as the dispatch board of their district sees them; pushed by the responder on every change.</summary>
[GenerateSerializer, Immutable, Alias("ts.ResponderAvailability")]
public sealed record ResponderAvailability(
    [Id(0)] string Id, [Id(1)] ResponderRole Role, [Id(2)] ImmutableArray<string> Skills, [Id(3)] TravelMode Mode, [Id(4)] string HomeCommunity,
    [Id(5)] Whereabouts Whereabouts, [Id(6)] DutyState Duty, [Id(7)] long Version);

/// <summary>
/// Asks a district's board for people for one incident. Needs already covered are left out by the caller; HasLead
/// says someone already assigned will arrive in time, so what is asked for now are further needs.
/// </summary>
[GenerateSerializer, Immutable, Alias("ts.DispatchRequest")]
public sealed record DispatchRequest(
    [Id(0)] string IncidentId, [Id(1)] double Longitude, [Id(2)] double Latitude, [Id(3)] string Street, [Id(4)] string Community, [Id(5)] bool Urban, [Id(6)] Severity Severity,
    [Id(7)] DateTimeOffset RespondBy, [Id(8)] ImmutableArray<PeopleNeed> Needs, [Id(9)] ImmutableHashSet<string> Exclude, [Id(10)] bool MutualAid = false, [Id(11)] bool HasLead = false);

/// <summary>One responder weighed for a need: how long they would take and whether that meets the deadline.</summary>
[GenerateSerializer, Immutable, Alias("ts.CandidateEta")]
public sealed record CandidateEta([Id(0)] string ResponderId, [Id(1)] double EtaMinutes, [Id(2)] double DistanceKm, [Id(3)] bool MeetsDeadline);

/// <summary>A responder chosen for a need, and why this one: <paramref name="Reasons"/> as facts, <paramref name="Why"/> in English (decisions stored before the facts have only it).</summary>
[GenerateSerializer, Immutable, Alias("ts.ResponderPick")]
public sealed record ResponderPick(
    [Id(0)] string ResponderId, [Id(1)] string Need, [Id(2)] double EtaMinutes, [Id(3)] double DistanceKm, [Id(4)] bool MeetsDeadline, [Id(5)] bool MutualAid, [Id(6)] string Why,
    [Id(7)] ImmutableArray<Phrase> Reasons = default);

/// <summary>A need nobody was found for; Deferred when people who have it were kept for first responses (asked again later).</summary>
[GenerateSerializer, Immutable, Alias("ts.UnfilledNeed")]
public sealed record UnfilledNeed([Id(0)] string Need, [Id(1)] int Missing, [Id(2)] string Why, [Id(3)] bool Deferred = false, [Id(4)] Phrase? Reason = null);

/// <summary>
/// The reasons of one dispatch: who was considered for each need with their ETAs, who was chosen and why, and what
/// competed for the same people in the same round. Kept in the incident's timeline.
/// </summary>
[GenerateSerializer, Immutable, Alias("ts.DispatchDecision")]
public sealed record DispatchDecision(
    [Id(0)] string IncidentId, [Id(1)] string Board, [Id(2)] DateTimeOffset DecidedAt, [Id(3)] ImmutableArray<ResponderPick> Picks,
    [Id(4)] ImmutableArray<UnfilledNeed> Unfilled, [Id(5)] ImmutableDictionary<string, ImmutableArray<CandidateEta>> Considered,
    [Id(6)] int CandidatesConsidered, [Id(7)] int CompetingIncidents, [Id(8)] int Priority)
{
    public bool MeetsDeadline => Unfilled.IsEmpty && Picks.All(p => p.MeetsDeadline);
}
