namespace ThreeSocial.Grains.Alerts;

/// <summary>Webhook delivery settings (Alerts:Delivery).</summary>
public sealed class AlertDeliveryOptions
{
    /// <summary>How long a message is retried before it is marked undelivered.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetry { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
