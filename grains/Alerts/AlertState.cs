namespace ThreeSocial.Grains.Alerts;

public sealed record AlertState
{
    public AlertView? Alert { get; init; }

    /// <summary>How many of the alert's messages have had their deliveries started.</summary>
    public int Dispatched { get; init; }
}
