using Microsoft.Extensions.DependencyInjection;

namespace ThreeSocial.Events;

public static class EventRelayHosting
{
    /// <summary>The event stream of this silo, joined with every other silo's. After UseOrleans: the relay calls a grain as it starts.</summary>
    public static IServiceCollection AddEventStream(this IServiceCollection services)
    {
        services.AddSingleton<EventStream>();
        services.AddSingleton<EventRelay>();
        return services.AddHostedService(sp => sp.GetRequiredService<EventRelay>());
    }
}
