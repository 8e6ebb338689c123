using ThreeSocial.Reminders;
using ThreeSocial.Events;
using System.Collections.Immutable;
using ThreeSocial.Grains.Common;
using ThreeSocial.Storage;
using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.Alerts;

public sealed class AlertGrain([PersistentState("alert")] IPersistentState<AlertState> state, [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock, EventStream events, AlertRules rules) : Grain, IAlertGrain, IRemindable
{
    /// <summary>Sender of every CAP message: no spaces or commas, as CAP requires.</summary>
    public const string Sender = "threesocial.cq";

    private const string AcknowledgeBy = "acknowledge-by";

    /// <summary>
    /// Registered before a new message is stored and removed once its deliveries have started: if the process dies in
    /// between, the reminder fires after the restart and the deliveries start then.
    /// </summary>
    private const string Deliver = "deliver";

    private AlertView? Alert => state.State.Alert;
    private string Id => this.GetPrimaryKeyString();
    private DateTimeOffset Now => ChongqingTime.Now(clock);

    public async Task<AlertView> Raise(AlertCondition condition)
    {
        rules.For(condition.Kind); // an unknown kind is refused before anything is stored
        // The same condition said again in the same words is no news: receivers get an Update only when something changed.
        if (Alert is { Status: not AlertStatus.Cleared } same && same.Messages[^1].Detail == condition.Detail) return same;
        var now = Now;
        var alert = Alert is { Status: not AlertStatus.Cleared } open
            ? open with { Messages = open.Messages.Add(Message(open, CapMsgType.Update, now, condition.Detail, condition.Refers) with { Said = condition.Said }) }
            : Fresh(condition, now);
        await this.RemindOnce(Deliver, DeliverRetry);
        await Save(alert);
        await StartDeliveries();
        if (alert.Messages[^1].MsgType == CapMsgType.Alert && !rules.For(condition.Kind).Routine) // a new alert: the street office has this long to acknowledge it
            await this.RemindOnce(AcknowledgeBy, rules.AcknowledgeWithin(condition.Street));
        return Alert!;
    }

    public Task<AlertView?> Clear(string reason) => Clear(reason, null);

    public Task<AlertView?> ClearSaying(Phrase reason) => Clear(reason.ToString(), reason);

    private async Task<AlertView?> Clear(string reason, Phrase? said)
    {
        if (Alert is not { Status: not AlertStatus.Cleared } open) return Alert;
        var alert = open with { Status = AlertStatus.Cleared, Messages = open.Messages.Add(Message(open, CapMsgType.Cancel, Now, reason, null) with { Said = said }) };
        await this.RemindOnce(Deliver, DeliverRetry);
        await Save(alert);
        await StartDeliveries();
        await this.ForgetReminder(AcknowledgeBy);
        if (alert.EscalatedTo is { } districtId)
        {
            var district = GrainFactory.GetGrain<IAlertGrain>(districtId);
            await (said is null ? district.Clear($"{Id} cleared: {reason}") : district.ClearSaying(Phrase.Of("alert.cleared", Id, said)));
        }
        return Alert;
    }

    public async Task<AlertView> Acknowledge(string actor, string? note)
    {
        Require.Text(actor, nameof(actor), 200);
        Require.OptionalText(note, nameof(note), 2000);
        var open = Alert ?? throw new NotFoundException("missing.alert", Id);
        if (open.Status == AlertStatus.Cleared) throw new DomainRuleException("rule.alert-cleared", Id);
        if (open.Acknowledged is not null) return open; // a resend
        var alert = open with { Status = AlertStatus.Acknowledged, Acknowledged = new Acknowledgement(actor, Now, note) };
        await Save(alert);
        await this.ForgetReminder(AcknowledgeBy);
        return alert;
    }

    public Task<AlertView?> Get() => Task.FromResult(Alert);

    private static readonly TimeSpan DeliverRetry = TimeSpan.FromMinutes(1);

    /// <summary>Every stored message not yet handed to deliveries goes to each subscription of the jurisdiction, once.</summary>
    private async Task StartDeliveries()
    {
        var alert = Alert!;
        if (state.State.Dispatched < alert.Messages.Length)
        {
            var subscriptions = await GrainFactory.GetGrain<IWebhookSubscriptionsGrain>(alert.Street).List();
            var deliveries = alert.Deliveries ?? ImmutableDictionary<string, DeliveryOutcome>.Empty;
            for (var n = state.State.Dispatched + 1; n <= alert.Messages.Length; n++)
                foreach (var subscription in subscriptions)
                {
                    var id = AlertDeliveryGrain.KeyFor(alert.Messages[n - 1].Identifier, subscription.Id);
                    await GrainFactory.GetGrain<IAlertDeliveryGrain>(id).Start(alert.Id, n, subscription);
                    deliveries = deliveries.SetItem(id, deliveries.GetValueOrDefault(id, DeliveryOutcome.Pending));
                }
            var next = alert with { Deliveries = deliveries, Delivery = Summarise(deliveries) };
            await Save(next, dispatched: alert.Messages.Length);
        }
        await this.ForgetReminder(Deliver);
    }

    public async Task DeliveryEnded(string deliveryId, DeliveryOutcome outcome)
    {
        if (Alert is not { Deliveries: { } deliveries } alert || deliveries.GetValueOrDefault(deliveryId) == outcome) return;
        var next = deliveries.SetItem(deliveryId, outcome);
        await Save(alert with { Deliveries = next, Delivery = Summarise(next) });
    }

    private static DeliverySummary Summarise(ImmutableDictionary<string, DeliveryOutcome> deliveries) =>
        deliveries.IsEmpty ? DeliverySummary.NoSubscribers
        : deliveries.Values.Any(o => o == DeliveryOutcome.Undelivered) ? DeliverySummary.Undelivered
        : deliveries.Values.Any(o => o == DeliveryOutcome.Pending) ? DeliverySummary.Pending
        : DeliverySummary.Delivered;

    /// <summary>Not acknowledged in time: the district hears of it, in an alert that refers to this one.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == Deliver)
        {
            if (Alert is null) await this.ForgetReminder(Deliver);
            else await StartDeliveries();
            return;
        }
        if (reminderName != AcknowledgeBy) return;
        await this.ForgetReminder(AcknowledgeBy);
        if (Alert is not { Status: AlertStatus.Open, EscalatedTo: null } open || open.District == open.Street) return;
        var districtAlert = AlertIds.For(open.District, AlertKinds.NotAcknowledged, Id);
        var last = open.Messages[^1];
        var said = Phrase.Of("alert.not-acknowledged", Id, open.RaisedAt.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), open.Street);
        await GrainFactory.GetGrain<IAlertGrain>(districtAlert).Raise(new AlertCondition(
            AlertKinds.NotAcknowledged, open.District, open.District, Id, said.ToString(), Now,
            open.EventClass, $"{Sender},{last.Identifier},{CapTime(last.Sent)}") { Said = said });
        await Save(open with { EscalatedTo = districtAlert });
    }

    private AlertView Fresh(AlertCondition c, DateTimeOffset now)
    {
        var escalationOf = c.Kind == AlertKinds.NotAcknowledged ? c.Subject : null;
        var empty = new AlertView(Id, c.Kind, c.Street, c.District, c.Subject, AlertStatus.Open, [], null, null, escalationOf, now, c.EventClass);
        // A condition that comes back after a Cancel is a new alert, but keeps its history of messages.
        var history = Alert?.Messages ?? [];
        return empty with { Messages = history.Add(Message(empty with { Messages = history }, CapMsgType.Alert, now, c.Detail, c.Refers) with { Said = c.Said }) };
    }

    /// <summary>CAP references: "sender,identifier,sent" of each earlier message (none for a new alert), then any outside one.</summary>
    private CapMessageInfo Message(AlertView alert, CapMsgType type, DateTimeOffset sent, string detail, string? refers)
    {
        var earlier = type == CapMsgType.Alert ? [] : alert.Messages.Select(m => $"{Sender},{m.Identifier},{CapTime(m.Sent)}");
        var references = string.Join(' ', refers is null ? earlier : earlier.Append(refers));
        return new CapMessageInfo($"{Id}-{alert.Messages.Length + 1}", type, Truncate(sent), detail, references.Length == 0 ? null : references);
    }

    /// <summary>CAP times have whole seconds and an offset: +08:00 here.</summary>
    public static string CapTime(DateTimeOffset at) => at.ToOffset(ChongqingTime.Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset Truncate(DateTimeOffset at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, at.Offset);

    private async Task Save(AlertView alert, int? dispatched = null)
    {
        await state.ReplaceStateAsync(new AlertState { Alert = alert, Dispatched = dispatched ?? state.State.Dispatched });
        await GrainFactory.GetGrain<IAlertInboxGrain>(alert.Street).Track(InboxEntry.Of(alert));
        events.Publish(new AlertChanged(alert));
    }
}
