using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.Alerts;

/// <summary>
/// One condition in one jurisdiction (key from <see cref="AlertIds"/>): raising it again while open sends an Update, clearing
/// it a Cancel, and an alert not acknowledged in time raises one for the district that refers to it.
/// </summary>
[Alias("ts.IAlertGrain")]
public interface IAlertGrain : IGrainWithStringKey
{
    Task<AlertView> Raise(AlertCondition condition);

    Task<AlertView?> Clear(string reason);

    /// <summary>Clears with the reason as facts, said in each reader's language; its English is the stored detail.</summary>
    Task<AlertView?> ClearSaying(Phrase reason);

    Task<AlertView> Acknowledge(string actor, string? note);

    /// <summary>
    /// Interleaves with anything: a delivery reads the alert while the alert may be waiting on that delivery
    /// (starting the next message's), and two grains waiting on each other would stall until the call timeout.
    /// </summary>
    [AlwaysInterleave] Task<AlertView?> Get();

    /// <summary>A delivery of one of its messages has ended (delivered, or given up).</summary>
    Task DeliveryEnded(string deliveryId, DeliveryOutcome outcome);
}
