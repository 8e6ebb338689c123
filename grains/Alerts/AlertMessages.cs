using System.Collections.Immutable;

namespace ThreeSocial.Grains.Alerts;

/// <summary>A condition someone reported: its kind (a rule in alert-rules.json), where, and what it is about.</summary>
/// <param name="Subject">What the alert is about, as a street office reads it (an incident id, a stockpile id).</param>
/// <param name="EventClass">The GB/T 35561 class of the event behind it, when there is one (an incident's class).</param>
/// <param name="Refers">CAP references ("sender,identifier,sent") of another alert's message this one follows from (an escalation).</param>
[GenerateSerializer, Immutable, Alias("ts.AlertCondition")]
public sealed record AlertCondition(
    [Id(0)] string Kind, [Id(1)] string Street, [Id(2)] string District, [Id(3)] string Subject, [Id(4)] string Detail, [Id(5)] DateTimeOffset At, [Id(6)] string? EventClass = null, [Id(7)] string? Refers = null);

[GenerateSerializer, Alias("ts.CapMsgType")]
public enum CapMsgType { Alert, Update, Cancel }

/// <summary>One CAP message of an alert, as sent: its identifier and time never change once stored.</summary>
[GenerateSerializer, Immutable, Alias("ts.CapMessageInfo")]
public sealed record CapMessageInfo([Id(0)] string Identifier, [Id(1)] CapMsgType MsgType, [Id(2)] DateTimeOffset Sent, [Id(3)] string Detail, [Id(4)] string? References);

[GenerateSerializer, Alias("ts.AlertStatus")]
public enum AlertStatus { Open, Acknowledged, Cleared }

/// <summary>Where the alert's webhook deliveries stand: none subscribed, some still trying, all delivered, or some given up.</summary>
[GenerateSerializer, Alias("ts.AlertDelivery")]
public enum AlertDelivery { NoSubscribers, Pending, Delivered, Undelivered }

[GenerateSerializer, Immutable, Alias("ts.Acknowledgement")]
public sealed record Acknowledgement([Id(0)] string Actor, [Id(1)] DateTimeOffset At, [Id(2)] string? Note);

/// <summary>An alert: a condition in a jurisdiction, the CAP messages it has sent so far, and who acknowledged it.</summary>
[GenerateSerializer, Immutable, Alias("ts.AlertView")]
public sealed record AlertView(
    [Id(0)] string Id, [Id(1)] string Kind, [Id(2)] string Street, [Id(3)] string District, [Id(4)] string Subject, [Id(5)] AlertStatus Status, [Id(6)] ImmutableArray<CapMessageInfo> Messages,
    [Id(7)] Acknowledgement? Acknowledged, [Id(8)] string? EscalatedTo, [Id(9)] string? EscalationOf, [Id(10)] DateTimeOffset RaisedAt, [Id(11)] string? EventClass = null,
    [Id(12)] AlertDelivery Delivery = AlertDelivery.NoSubscribers, [Id(13)] ImmutableDictionary<string, DeliveryOutcome>? Deliveries = null);

/// <summary>Published after every change, for the live map's alert feed and (later) webhook delivery.</summary>
[GenerateSerializer, Immutable, Alias("ts.AlertChanged")]
public sealed record AlertChanged([Id(0)] AlertView Alert);

/// <summary>
/// One condition in one jurisdiction (key from <see cref="AlertIds"/>): raising it again while open sends an Update, clearing
/// it a Cancel, and an alert not acknowledged in time raises one for the district that refers to it.
/// </summary>
[Alias("ts.IAlertGrain")]
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
