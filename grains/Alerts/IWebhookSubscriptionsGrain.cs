using System.Collections.Immutable;

namespace ThreeSocial.Grains.Alerts;

/// <summary>A street office's (or district's) webhook subscriptions (key: its code).</summary>
[Alias("ts.IWebhookSubscriptionsGrain")]
public interface IWebhookSubscriptionsGrain : IGrainWithStringKey
{
    Task<WebhookSubscription> Add(string url, string? secret, string actor);

    Task Remove(string subscriptionId);

    [ReadOnly] Task<ImmutableArray<WebhookSubscription>> List();
}
