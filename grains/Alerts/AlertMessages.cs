using System.Collections.Immutable;
using System.Text.Json.Serialization;
using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.Alerts;

/// <summary>A condition someone reported: its kind (a rule in alert-rules.json), where, and what it is about.</summary>
/// <param name="Subject">What the alert is about, as a street office reads it (an incident id, a stockpile id).</param>
/// <param name="EventClass">The GB/T 35561 class of the event behind it, when there is one (an incident's class).</param>
/// <param name="Refers">CAP references ("sender,identifier,sent") of another alert's message this one follows from (an escalation).</param>
[GenerateSerializer, Immutable, Alias("ts.AlertCondition")]
public sealed record AlertCondition(
    [Id(0)] string Kind, [Id(1)] string Street, [Id(2)] string District, [Id(3)] string Subject, [Id(4)] string Detail, [Id(5)] DateTimeOffset At, [Id(6)] string? EventClass = null, [Id(7)] string? Refers = null)
{
    /// <summary>The detail as facts, said in each reader's language (its English is <see cref="Detail"/>); null when only the words are known.</summary>
    [Id(8)] public Phrase? Said { get; init; }
}

[GenerateSerializer, Alias("ts.CapMsgType")]
public enum CapMsgType { Alert, Update, Cancel }

/// <summary>One CAP message of an alert, as sent: its identifier and time never change once stored.</summary>
[GenerateSerializer, Immutable, Alias("ts.CapMessageInfo")]
public sealed record CapMessageInfo([Id(0)] string Identifier, [Id(1)] CapMsgType MsgType, [Id(2)] DateTimeOffset Sent, [Id(3)] string Detail, [Id(4)] string? References)
{
    /// <summary>
    /// The detail as facts, said in the reader's language (<see cref="AlertTexts"/>); absent from messages stored before
    /// facts were kept, whose English detail is read back by its pattern instead.
    /// </summary>
    [Id(5), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Phrase? Said { get; init; }
}

[GenerateSerializer, Alias("ts.AlertStatus")]
public enum AlertStatus { Open, Acknowledged, Cleared }

/// <summary>
/// Where the alert's webhook deliveries stand, summed from each delivery's <see cref="DeliveryOutcome"/>: none subscribed,
/// some still trying, all delivered, or some given up. The alias keeps the type's first name, which stored alerts carry.
/// </summary>
[GenerateSerializer, Alias("ts.AlertDelivery")]
public enum DeliverySummary { NoSubscribers, Pending, Delivered, Undelivered }

[GenerateSerializer, Immutable, Alias("ts.Acknowledgement")]
public sealed record Acknowledgement([Id(0)] string Actor, [Id(1)] DateTimeOffset At, [Id(2)] string? Note);

/// <summary>An alert: a condition in a jurisdiction, the CAP messages it has sent so far, and who acknowledged it.</summary>
[GenerateSerializer, Immutable, Alias("ts.AlertView")]
public sealed record AlertView(
    [Id(0)] string Id, [Id(1)] string Kind, [Id(2)] string Street, [Id(3)] string District, [Id(4)] string Subject, [Id(5)] AlertStatus Status, [Id(6)] ImmutableArray<CapMessageInfo> Messages,
    [Id(7)] Acknowledgement? Acknowledged, [Id(8)] string? EscalatedTo, [Id(9)] string? EscalationOf, [Id(10)] DateTimeOffset RaisedAt, [Id(11)] string? EventClass = null,
    [Id(12)] DeliverySummary Delivery = DeliverySummary.NoSubscribers, [Id(13)] ImmutableDictionary<string, DeliveryOutcome>? Deliveries = null);

/// <summary>Published after every change, for the live map's alert feed and the simulation's report.</summary>
[GenerateSerializer, Immutable, Alias("ts.AlertChanged")]
public sealed record AlertChanged([Id(0)] AlertView Alert);
