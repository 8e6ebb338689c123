using Microsoft.Extensions.Configuration;

namespace ThreeSocial.Grains.Dispatch;

public static class DispatchHosting
{
    /// <summary>Dispatch's settings (the Dispatch section), checked as the silo starts: a bad value stops it there, not at the first incident.</summary>
    public static IServiceCollection AddDispatch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DispatchOptions>().Bind(configuration.GetSection("Dispatch"))
            .Validate(o => o.AcceptTimeout > TimeSpan.Zero && o.WatchInterval > TimeSpan.Zero && o.RetryUnfilledEvery > TimeSpan.Zero,
                "Dispatch:AcceptTimeout, Dispatch:WatchInterval and Dispatch:RetryUnfilledEvery are longer than zero.")
            .Validate(o => o.RoundWindow >= TimeSpan.Zero && o.FirstDecisionWait >= TimeSpan.Zero,
                "Dispatch:RoundWindow and Dispatch:FirstDecisionWait are zero or longer.")
            .Validate(o => o.Reserve is >= 0 and <= 1, "Dispatch:Reserve is a share of the people on duty, from 0 to 1.")
            .Validate(o => o.Eta is { WalkKmh: > 0, EBikeKmh: > 0, CarKmh: > 0 }, "Dispatch:Eta's speeds are more than zero.")
            .Validate(o => o.Eta.UrbanDetourFactor >= 1 && o.Eta.RuralDetourFactor >= 1 && o.Eta.DistrictDetourFactor.Values.All(f => f >= 1),
                "Dispatch:Eta's detour factors are 1 or more: a road is never shorter than the straight line.")
            .ValidateOnStart();
        return services;
    }
}
