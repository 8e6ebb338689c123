using System.Collections.Immutable;

namespace ThreeSocial.Grains.Responders;

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
