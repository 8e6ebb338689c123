using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Reminders;
using Orleans.Runtime;

namespace ThreeSocial.Clocks;

public static class GrainClocks
{
    /// <summary>
    /// The clock grains and reminders read (Orleans' keyed clocks), and nothing else: response timeouts and membership
    /// keep the wall clock. The first registration wins, so a simulation's faster clock set before the silo's defaults stays.
    /// </summary>
    public static IServiceCollection AddGrainClock(this IServiceCollection services, TimeProvider clock)
    {
        services.TryAddKeyedSingleton(TimeProviderNames.Grains, clock);
        services.TryAddKeyedSingleton(ReminderTimeProviderNames.Reminders, clock);
        return services;
    }
}
