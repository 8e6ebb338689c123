using System.Collections.Immutable;

namespace ThreeSocial.Grains.Alerts;

[GenerateSerializer, Alias("ts.DeliveryOutcome")]
public enum DeliveryOutcome { Pending, Delivered, Undelivered }

/// <summary>One POST of one CAP message to one subscription: when, and what came back.</summary>
[GenerateSerializer, Immutable, Alias("ts.DeliveryAttempt")]
public sealed record DeliveryAttempt([Id(0)] DateTimeOffset At, [Id(1)] int? Status, [Id(2)] string? Error, [Id(3)] double Milliseconds);

[GenerateSerializer, Immutable, Alias("ts.DeliveryReceipt")]
public sealed record DeliveryReceipt(
    [Id(0)] string Id, [Id(1)] string AlertId, [Id(2)] string MessageIdentifier, [Id(3)] string SubscriptionId, [Id(4)] string Url, [Id(5)] DeliveryOutcome Outcome, [Id(6)] ImmutableArray<DeliveryAttempt> Attempts);
