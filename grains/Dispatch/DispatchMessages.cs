using System.Collections.Immutable;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Responders;

namespace ThreeSocial.Grains.Dispatch;

/// <summary>A responder as the dispatch board of their district sees them; pushed by the responder on every change.</summary>
public sealed record ResponderAvailability(
    string Id, ResponderRole Role, ImmutableArray<string> Skills, TravelMode Mode, string HomeCommunity,
    Whereabouts Whereabouts, DutyState Duty, long Version);

/// <summary>
/// Asks a district's board for people for one incident. Needs already covered are left out by the caller; HasLead
/// says someone already assigned will arrive in time, so what is asked for now are further needs.
/// </summary>
public sealed record DispatchRequest(
    string IncidentId, double Longitude, double Latitude, string Street, string Community, bool Urban, Severity Severity,
    DateTimeOffset RespondBy, ImmutableArray<PeopleNeed> Needs, ImmutableHashSet<string> Exclude, bool MutualAid = false, bool HasLead = false);

/// <summary>One responder weighed for a need: how long they would take and whether that meets the deadline.</summary>
public sealed record CandidateEta(string ResponderId, double EtaMinutes, double DistanceKm, bool MeetsDeadline);

/// <summary>A responder chosen for a need, and why this one.</summary>
public sealed record ResponderPick(string ResponderId, string Need, double EtaMinutes, double DistanceKm, bool MeetsDeadline, bool MutualAid, string Why);

/// <summary>A need nobody was found for; Deferred when people who have it were kept for first responses (asked again later).</summary>
public sealed record UnfilledNeed(string Need, int Missing, string Why, bool Deferred = false);

/// <summary>
/// The reasons of one dispatch: who was considered for each need with their ETAs, who was chosen and why, and what
/// competed for the same people in the same round. Kept in the incident's timeline.
/// </summary>
public sealed record DispatchDecision(
    string IncidentId, string Board, DateTimeOffset DecidedAt, ImmutableArray<ResponderPick> Picks,
    ImmutableArray<UnfilledNeed> Unfilled, ImmutableDictionary<string, ImmutableArray<CandidateEta>> Considered,
    int CandidatesConsidered, int CompetingIncidents, int Priority)
{
    public bool MeetsDeadline => Unfilled.IsEmpty && Picks.All(p => p.MeetsDeadline);
}
