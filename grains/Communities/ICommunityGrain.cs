using System.Collections.Immutable;

namespace ThreeSocial.Grains.Communities;

/// <summary>A community or village (key: 12-digit code): who is on duty there by role and skill, and today's meals.</summary>
[Alias("ts.ICommunityGrain")]
public interface ICommunityGrain : IGrainWithStringKey
{
    Task SetResponderDuty(ResponderDuty duty);

    /// <summary>The ids of this community's responders on duty (a dispatch board rebuilds itself from these).</summary>
    [ReadOnly] Task<System.Collections.Immutable.ImmutableArray<string>> GetOnDuty();

    Task<MealStatus> RecordMeals(MealRecord record);

    [ReadOnly] Task<MealStatus> GetMeals();

    /// <summary>What this community contributes to its street's roll-up.</summary>
    [ReadOnly] Task<ThreeSocial.Grains.Regions.LiveRegion> GetLive();

    [ReadOnly] Task<CommunityLiveStatus> GetStatus();
}
