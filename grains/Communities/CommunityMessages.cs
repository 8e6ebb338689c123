using System.Collections.Immutable;
using ThreeSocial.Grains.Geography;

namespace ThreeSocial.Grains.Communities;

/// <summary>A responder's duty as last reported by the responder grain: absolute, with the responder's version.</summary>
[GenerateSerializer, Immutable, Alias("ts.ResponderDuty")]
public sealed record ResponderDuty([Id(0)] string ResponderId, [Id(1)] ResponderRole Role, [Id(2)] ImmutableArray<string> Skills, [Id(3)] bool OnDuty, [Id(4)] long Version);

[GenerateSerializer, Immutable, Alias("ts.CommunityLiveStatus")]
public sealed record CommunityLiveStatus(
    [Id(0)] string Code, [Id(1)] int GridWorkersOnDuty, [Id(2)] int VolunteersOnDuty, [Id(3)] int SocialWorkersOnDuty, [Id(4)] int PropertyStaffOnDuty,
    [Id(5)] ImmutableSortedDictionary<string, int> OnDutyBySkill);

/// <summary>Meals booked and served today add to the day's counts (an Idempotency-Key makes a resend count once).</summary>
[GenerateSerializer, Immutable, Alias("ts.MealRecord")]
public sealed record MealRecord([Id(0)] string RequestId, [Id(1)] int Booked, [Id(2)] int Served, [Id(3)] string Actor);

/// <summary>Today's elderly meal assistance: demand against canteen seats plus delivery capacity.</summary>
[GenerateSerializer, Immutable, Alias("ts.MealStatus")]
public sealed record MealStatus([Id(0)] string Community, [Id(1)] DateOnly Date, [Id(2)] int Booked, [Id(3)] int Served, [Id(4)] int CanteenSeats, [Id(5)] int DeliveryCapacity)
{
    public int Capacity => CanteenSeats + DeliveryCapacity;
    public int Overflow => Math.Max(0, Booked - Capacity);
}
