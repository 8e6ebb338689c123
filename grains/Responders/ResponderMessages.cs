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
