namespace ThreeSocial.Grains.Alerts;

public sealed record AlertDeliveryState
{
    public DeliveryReceipt? Receipt { get; init; }
    public string? Secret { get; init; }
    public int MessageNumber { get; init; }
    public DateTimeOffset StartedAt { get; init; }
}
