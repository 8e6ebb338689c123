using System.Collections.Immutable;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Runtime;

namespace ThreeSocial.Grains.Responders;

public sealed record ResponderStatus(
    string Id, ResponderRole Role, string HomeCommunity, ImmutableArray<string> Skills, TravelMode Mode,
    bool OnDuty, DateTimeOffset? DutyChangedAt, string? DutyChangedBy);

/// <summary>A grid worker, volunteer, social worker or member of property staff (key: their id in the city registry).</summary>
public interface IResponderGrain : IGrainWithStringKey
{
    /// <summary>Goes on or off duty. Absolute, so a resend changes nothing; the community is told either way.</summary>
    Task<ResponderStatus> SetDuty(bool onDuty, string actor);

    [ReadOnly] Task<ResponderStatus> GetStatus();
}
