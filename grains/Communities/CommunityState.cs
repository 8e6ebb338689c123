using System.Collections.Immutable;
using ThreeSocial.Grains.Common;

namespace ThreeSocial.Grains.Communities;

public sealed record MealDay(DateOnly Date, int Booked, int Served);

public sealed record CommunityState
{
    public ImmutableDictionary<string, ResponderDuty> Responders { get; init; } = ImmutableDictionary<string, ResponderDuty>.Empty;
    public MealDay? Meals { get; init; }
    public RecentRequests<string> Requests { get; init; } = new();
    public long Version { get; init; }
}
