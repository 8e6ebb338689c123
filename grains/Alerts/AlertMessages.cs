using System.Collections.Immutable;
using ThreeSocial.Runtime;

namespace ThreeSocial.Grains.Alerts;

/// <summary>A condition someone reported: its kind (a rule in alert-rules.json), where, and what it is about.</summary>
/// <param name="Subject">What the alert is about, as a street office reads it (an incident id, a stockpile id).</param>
/// <param name="EventClass">The GB/T 35561 class of the event behind it, when there is one (an incident's class).</param>
/// <param name="Refers">CAP references ("sender,identifier,sent") of another alert's message this one follows from (an escalation).</param>
public sealed record AlertCondition(
    string Kind, string Street, string District, string Subject, string Detail, DateTimeOffset At, string? EventClass = null, string? Refers = null);

public enum CapMsgType { Alert, Update, Cancel }

/// <summary>One CAP message of an alert, as sent: its identifier and time never change once stored.</summary>
public sealed record CapMessageInfo(string Identifier, CapMsgType MsgType, DateTimeOffset Sent, string Detail, string? References);

public enum AlertStatus { Open, Acknowledged, Cleared }

/// <summary>Where the alert's webhook deliveries stand: none subscribed, some still trying, all delivered, or some given up.</summary>
public enum AlertDelivery { NoSubscribers, Pending, Delivered, Undelivered }

public sealed record Acknowledgement(string Actor, DateTimeOffset At, string? Note);

/// <summary>An alert: a condition in a jurisdiction, the CAP messages it has sent so far, and who acknowledged it.</summary>
public sealed record AlertView(
    string Id, string Kind, string Street, string District, string Subject, AlertStatus Status, ImmutableArray<CapMessageInfo> Messages,
    Acknowledgement? Acknowledged, string? EscalatedTo, string? EscalationOf, DateTimeOffset RaisedAt, string? EventClass = null,
    AlertDelivery Delivery = AlertDelivery.NoSubscribers, ImmutableDictionary<string, DeliveryOutcome>? Deliveries = null);

/// <summary>Published after every change, for the live map's alert feed and (later) webhook delivery.</summary>
public sealed record AlertChanged(AlertView Alert);

/// <summary>
/// One condition in one jurisdiction (key from <see cref="AlertIds"/>): raising it again while open sends an Update, clearing
/// it a Cancel, and an alert not acknowledged in time raises one for the district that refers to it.
/// </summary>
public interface IAlertGrain : IGrainWithStringKey
{
    Task<AlertView> Raise(AlertCondition condition);

    Task<AlertView?> Clear(string reason);

    Task<AlertView> Acknowledge(string actor, string? note);

    /// <summary>
    /// Interleaves with anything: a delivery reads the alert while the alert may be waiting on that delivery
    /// (starting the next message's), and two grains waiting on each other would stall until the call timeout.
    /// </summary>
    [AlwaysInterleave] Task<AlertView?> Get();

    /// <summary>A delivery of one of its messages has ended (delivered, or given up).</summary>
    Task DeliveryEnded(string deliveryId, DeliveryOutcome outcome);
}

public static class AlertIds
{
    public const string Prefix = "ALT-";

    /// <summary>"ALT-{jurisdiction}-{12 hex}": the same condition about the same subject is always the same alert.</summary>
    public static string For(string jurisdiction, string kind, string subject) =>
        $"{Prefix}{jurisdiction}-{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{kind}\n{subject}")))[..12]}";

    public static bool IsWellFormed(string id) =>
        id.StartsWith(Prefix, StringComparison.Ordinal) && id.Length is > 20 and < 40 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
