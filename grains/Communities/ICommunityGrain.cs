using System.Collections.Immutable;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Runtime;

namespace ThreeSocial.Grains.Communities;

/// <summary>A responder's duty as last reported by the responder grain: absolute, with the responder's version.</summary>
public sealed record ResponderDuty(string ResponderId, ResponderRole Role, ImmutableArray<string> Skills, bool OnDuty, long Version);

public sealed record CommunityLiveStatus(
    string Code, int GridWorkersOnDuty, int VolunteersOnDuty, int SocialWorkersOnDuty, int PropertyStaffOnDuty,
    ImmutableSortedDictionary<string, int> OnDutyBySkill);

/// <summary>A community or village (key: 12-digit code): who is on duty there, by role and skill.</summary>
public interface ICommunityGrain : IGrainWithStringKey
{
    Task SetResponderDuty(ResponderDuty duty);

    [ReadOnly] Task<CommunityLiveStatus> GetStatus();
}
