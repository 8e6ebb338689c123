using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ThreeSocial.Grains.Alerts;

public static class AlertDeliveryHosting
{
    /// <summary>What alert delivery needs in a silo: its settings (Alerts:Delivery, checked at start), where webhooks may point (Alerts:Webhooks) and the sender.</summary>
    public static IServiceCollection AddAlertDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertDeliveryOptions>().Bind(configuration.GetSection("Alerts:Delivery"))
            .Validate(o => o.GiveUpAfter > TimeSpan.Zero && o.FirstRetry > TimeSpan.Zero && o.RequestTimeout > TimeSpan.Zero,
                "Alerts:Delivery:GiveUpAfter, Alerts:Delivery:FirstRetry and Alerts:Delivery:RequestTimeout are longer than zero.")
            .Validate(o => o.MaxRetry >= o.FirstRetry, "Alerts:Delivery:MaxRetry is at least Alerts:Delivery:FirstRetry.")
            .ValidateOnStart();
        return services.AddSingleton(WebhookTargets.From(configuration)).AddSingleton<WebhookSender>();
    }
}
