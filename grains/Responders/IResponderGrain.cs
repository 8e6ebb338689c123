using System.Collections.Immutable;
using ThreeSocial.Grains.Geography;

namespace ThreeSocial.Grains.Responders;

/// <summary>Where a responder was last seen (WGS 84) and when: routing penalises an old position.</summary>
[GenerateSerializer, Immutable, Alias("ts.Position")]
public sealed record Position([Id(0)] double Longitude, [Id(1)] double Latitude, [Id(2)] DateTimeOffset At, [Id(3)] double? AccuracyMeters);

/// <summary>Off duty, or on duty and where in an assignment: available → assigned → en route → on scene → available.</summary>
[GenerateSerializer, Alias("ts.DutyState")]
public enum DutyState { OffDuty, Available, Assigned, EnRoute, OnScene }

[GenerateSerializer, Immutable, Alias("ts.ResponderStatus")]
public sealed record ResponderStatus(
    [Id(0)] string Id, [Id(1)] ResponderRole Role, [Id(2)] string HomeCommunity, [Id(3)] ImmutableArray<string> Skills, [Id(4)] TravelMode Mode,
    [Id(5)] bool OnDuty, [Id(6)] DateTimeOffset? DutyChangedAt, [Id(7)] string? DutyChangedBy, [Id(8)] Position? LastPosition,
    [Id(9)] DutyState Duty, [Id(10)] string? Assignment, [Id(11)] ImmutableArray<Certificate> Certificates, [Id(12)] ImmutableArray<string> QualifiedSkills);

/// <summary>A grid worker, volunteer, social worker or member of property staff (key: their id in the city registry).</summary>
[Alias("ts.IResponderGrain")]
public interface IResponderGrain : IGrainWithStringKey
{
    /// <summary>Goes on or off duty. Absolute, so a resend changes nothing; the community is told either way.</summary>
    Task<ResponderStatus> SetDuty(bool onDuty, string actor);

    /// <summary>A position from the responder's phone; an older fix than the one held is ignored.</summary>
    Task<ResponderStatus> ReportPosition(Position position);

    [ReadOnly] Task<ResponderStatus> GetStatus();

    /// <summary>What the district's dispatch board needs to know of this responder.</summary>
    [ReadOnly] Task<Dispatch.ResponderAvailability> GetAvailability();

    /// <summary>Takes an assignment if available (true), or if already on this incident; false when busy or off duty.</summary>
    Task<bool> Assign(string incidentId);

    /// <summary>En route or on scene for the incident assigned; anything else is a 409.</summary>
    Task Advance(string incidentId, DutyState state);

    /// <summary>Ends the assignment to this incident (done, declined, timed out or cancelled): available again if on duty.</summary>
    Task Release(string incidentId);
}
