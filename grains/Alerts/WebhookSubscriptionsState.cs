using System.Collections.Immutable;

namespace ThreeSocial.Grains.Alerts;

public sealed record WebhookSubscriptionsState
{
    public ImmutableArray<WebhookSubscription> Subscriptions { get; init; } = [];
}
