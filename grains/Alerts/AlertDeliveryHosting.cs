using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ThreeSocial.Grains.Alerts;

public static class AlertDeliveryHosting
{
    /// <summary>What alert delivery needs in a silo: its settings (Alerts:Delivery), where webhooks may point (Alerts:Webhooks) and the sender.</summary>
    public static IServiceCollection AddAlertDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        var delivery = new AlertDeliveryOptions();
        configuration.GetSection("Alerts:Delivery").Bind(delivery);
        return services.AddSingleton(delivery).AddSingleton(WebhookTargets.From(configuration)).AddSingleton<WebhookSender>();
    }
}
