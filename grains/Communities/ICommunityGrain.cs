using System.Collections.Immutable;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Runtime;

namespace ThreeSocial.Grains.Communities;

/// <summary>A responder's duty as last reported by the responder grain: absolute, with the responder's version.</summary>
public sealed record ResponderDuty(string ResponderId, ResponderRole Role, ImmutableArray<string> Skills, bool OnDuty, long Version);

public sealed record CommunityLiveStatus(
    string Code, int GridWorkersOnDuty, int VolunteersOnDuty, int SocialWorkersOnDuty, int PropertyStaffOnDuty,
    ImmutableSortedDictionary<string, int> OnDutyBySkill);

/// <summary>Meals booked and served today add to the day's counts (an Idempotency-Key makes a resend count once).</summary>
public sealed record MealRecord(string RequestId, int Booked, int Served, string Actor);

/// <summary>Today's elderly meal assistance: demand against canteen seats plus delivery capacity.</summary>
public sealed record MealStatus(string Community, DateOnly Date, int Booked, int Served, int CanteenSeats, int DeliveryCapacity)
{
    public int Capacity => CanteenSeats + DeliveryCapacity;
    public int Overflow => Math.Max(0, Booked - Capacity);
}

/// <summary>A community or village (key: 12-digit code): who is on duty there by role and skill, and today's meals.</summary>
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
