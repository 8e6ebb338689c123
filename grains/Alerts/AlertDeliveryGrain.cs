using Microsoft.Extensions.Options;
using ThreeSocial.Reminders;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Storage;

namespace ThreeSocial.Grains.Alerts;

public sealed class AlertDeliveryGrain(
    [PersistentState("delivery")] IPersistentState<AlertDeliveryState> state, WebhookSender sender, RegionCatalog catalog, AlertRules rules,
    IOptions<AlertDeliveryOptions> delivery, [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock) : Grain, IAlertDeliveryGrain, IRemindable
{
    private const string Retry = "retry";
    private readonly AlertDeliveryOptions _options = delivery.Value;

    public static string KeyFor(string messageIdentifier, string subscriptionId) => $"{messageIdentifier}|{subscriptionId}";

    private bool _starting;
    private IGrainTimer? _nextTry;

    public async Task Start(string alertId, int messageNumber, WebhookSubscription subscription)
    {
        if (state.State.Receipt is not null || _starting) return;
        _starting = true; // checked and set in one turn: a second Start interleaved with the first does nothing
        var key = this.GetPrimaryKeyString();
        try
        {
            await Save(new AlertDeliveryState
            {
                Receipt = new DeliveryReceipt(key, alertId, key[..key.IndexOf('|')], subscription.Id, subscription.Url, DeliveryOutcome.Pending, []),
                Secret = subscription.Secret, MessageNumber = messageNumber, StartedAt = clock.GetUtcNow(),
            });
            await this.RemindOnce(Retry, StoreReminderTable.OneShotPeriod);
            // The first try is a timer due now, not a call made here: the alert (and the incident behind it) never waits on a receiver.
            TryIn(TimeSpan.Zero);
        }
        finally
        {
            _starting = false;
        }
    }

    public Task<DeliveryReceipt?> Get() => Task.FromResult(state.State.Receipt);

    /// <summary>The backstop: tries again only when this activation has no try of its own coming (it is new after a restart).</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != Retry) return;
        if (state.State.Receipt is not { Outcome: DeliveryOutcome.Pending }) await this.ForgetReminder(Retry);
        else if (_nextTry is null) await Attempt();
    }

    private void TryIn(TimeSpan delay)
    {
        _nextTry?.Dispose();
        _nextTry = this.RegisterGrainTimer(async () =>
        {
            _nextTry?.Dispose();
            _nextTry = null;
            if (state.State.Receipt is { Outcome: DeliveryOutcome.Pending }) await Attempt();
        }, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
    }

    private async Task Attempt()
    {
        var s = state.State;
        var receipt = s.Receipt!;
        var alert = await GrainFactory.GetGrain<IAlertGrain>(receipt.AlertId).Get()
            ?? throw new InvalidOperationException($"Alert {receipt.AlertId} is missing; it is stored before any delivery starts.");
        var body = CapWriter.Bytes(CapWriter.Write(alert, alert.Messages[s.MessageNumber - 1], catalog, rules));
        var attempt = await sender.PostAsync(receipt.Url, body, s.Secret!, receipt.MessageIdentifier, receipt.Id);
        var now = clock.GetUtcNow();
        var delivered = attempt.Status is >= 200 and < 300;
        var givenUp = !delivered && now - s.StartedAt >= _options.GiveUpAfter;
        var outcome = delivered ? DeliveryOutcome.Delivered : givenUp ? DeliveryOutcome.Undelivered : DeliveryOutcome.Pending;
        await Save(s with { Receipt = receipt with { Outcome = outcome, Attempts = receipt.Attempts.Add(attempt with { At = now }) } });
        if (outcome == DeliveryOutcome.Pending)
            TryIn(Backoff(receipt.Attempts.Length + 1));
        else
        {
            await this.ForgetReminder(Retry);
            await GrainFactory.GetGrain<IAlertGrain>(receipt.AlertId).DeliveryEnded(receipt.Id, outcome);
        }
    }

    /// <summary>2 s, 4 s, 8 s … up to MaxRetry, each between half and the whole of it, so retries of many alerts spread out.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var full = Math.Min(_options.MaxRetry.TotalMilliseconds, _options.FirstRetry.TotalMilliseconds * Math.Pow(2, attempts - 1));
        return TimeSpan.FromMilliseconds(full * (0.5 + Random.Shared.NextDouble() * 0.5));
    }

    private Task Save(AlertDeliveryState next) => state.ReplaceStateAsync(next);
}
