using System.Collections.Immutable;
using System.Security.Cryptography;
using ThreeSocial.Grains.Common;
using ThreeSocial.Storage;

namespace ThreeSocial.Grains.Alerts;

public sealed class WebhookSubscriptionsGrain(
    [PersistentState("webhooks")] IPersistentState<WebhookSubscriptionsState> state, WebhookTargets targets, [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock)
    : Grain, IWebhookSubscriptionsGrain
{
    public const int MaxPerJurisdiction = 10;

    public async Task<WebhookSubscription> Add(string url, string? secret, string actor)
    {
        Require.Text(actor, nameof(actor), 200);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || url.Length > 500)
            throw new InvalidRequestException(nameof(url), "invalid.webhook-url");
        if (targets.RefusalOf(uri) is { } refusal) throw new InvalidRequestException(refusal, nameof(url));
        if (secret is not null && secret.Length is < 16 or > 200) throw new InvalidRequestException(nameof(secret), "invalid.webhook-secret");
        if (state.State.Subscriptions.Length >= MaxPerJurisdiction)
            throw new DomainRuleException("rule.webhooks-full", MaxPerJurisdiction);
        var subscription = new WebhookSubscription($"WH-{Guid.NewGuid():N}"[..15], url, secret ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            actor, clock.GetUtcNow());
        await state.ReplaceStateAsync(state.State with { Subscriptions = state.State.Subscriptions.Add(subscription) });
        return subscription;
    }

    public async Task Remove(string subscriptionId)
    {
        if (state.State.Subscriptions.All(s => s.Id != subscriptionId)) throw new NotFoundException("missing.webhook", subscriptionId);
        await state.ReplaceStateAsync(state.State with { Subscriptions = state.State.Subscriptions.RemoveAll(s => s.Id == subscriptionId) });
    }

    public Task<ImmutableArray<WebhookSubscription>> List() => Task.FromResult(state.State.Subscriptions);
}
