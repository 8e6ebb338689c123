namespace ThreeSocial.Grains.Responders;

/// <summary>
/// Published on the silo's event stream (relayed to every silo) after a responder's state is stored: the phone of
/// that responder hears its duty and assignment as they change. Version grows with every change, so of two the one
/// with the higher version is the newer.
/// </summary>
[GenerateSerializer, Immutable, Alias("ts.ResponderChanged")]
public sealed record ResponderChanged([Id(0)] string ResponderId, [Id(1)] DutyState Duty, [Id(2)] string? Assignment, [Id(3)] long Version);
