namespace ThreeSocial.Grains.Alerts;

/// <summary>
/// Delivers one CAP message of an alert to one webhook subscription (key: "{message identifier}|{subscription id}"):
/// tries at once, then again with exponential backoff and jitter until a 2xx or until GiveUpAfter, each attempt
/// recorded. The state is stored before every try. Tries are grain timers (seconds apart); a one-minute reminder is the
/// durable backstop, so a restart resumes the delivery within a minute.
/// </summary>
[Alias("ts.IAlertDeliveryGrain")]
public interface IAlertDeliveryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the delivery (a repeat does nothing). The alert is stored; this sends it. Interleaves, so an alert
    /// repeating a Start never waits behind this delivery's own call to the alert (which would be a cycle).
    /// </summary>
    [AlwaysInterleave] Task Start(string alertId, int messageNumber, WebhookSubscription subscription);

    [ReadOnly] Task<DeliveryReceipt?> Get();
}
