using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using ThreeSocial.Grains.Common;
using ThreeSocial.Storage;

namespace ThreeSocial.Grains.Alerts;

/// <summary>Where a street office wants its alerts POSTed, and the secret their signature is made with.</summary>
[GenerateSerializer, Immutable, Alias("ts.WebhookSubscription")]
public sealed record WebhookSubscription([Id(0)] string Id, [Id(1)] string Url, [Id(2)] string Secret, [Id(3)] string CreatedBy, [Id(4)] DateTimeOffset CreatedAt);

/// <summary>A street office's (or district's) webhook subscriptions (key: its code).</summary>
[Alias("ts.IWebhookSubscriptionsGrain")]
public interface IWebhookSubscriptionsGrain : IGrainWithStringKey
{
    Task<WebhookSubscription> Add(string url, string? secret, string actor);

    Task Remove(string subscriptionId);

    [ReadOnly] Task<ImmutableArray<WebhookSubscription>> List();
}

public sealed record WebhookSubscriptionsState
{
    public ImmutableArray<WebhookSubscription> Subscriptions { get; init; } = [];
}

public sealed class WebhookSubscriptionsGrain(
    [PersistentState("webhooks")] IPersistentState<WebhookSubscriptionsState> state, WebhookTargets targets, [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock)
    : Grain, IWebhookSubscriptionsGrain
{
    public const int MaxPerJurisdiction = 10;

    public async Task<WebhookSubscription> Add(string url, string? secret, string actor)
    {
        Require.Text(actor, nameof(actor), 200);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || url.Length > 500)
            throw new InvalidRequestException("url is an absolute http or https URL of at most 500 characters.", nameof(url));
        if (targets.RefusalOf(uri) is { } refusal) throw new InvalidRequestException(refusal, nameof(url));
        if (secret is not null && secret.Length is < 16 or > 200) throw new InvalidRequestException("secret is 16 to 200 characters.", nameof(secret));
        if (state.State.Subscriptions.Length >= MaxPerJurisdiction)
            throw new DomainRuleException($"A jurisdiction has at most {MaxPerJurisdiction} webhook subscriptions; remove one first.");
        var subscription = new WebhookSubscription($"WH-{Guid.NewGuid():N}"[..15], url, secret ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            actor, clock.GetUtcNow());
        await state.ReplaceStateAsync(state.State with { Subscriptions = state.State.Subscriptions.Add(subscription) });
        return subscription;
    }

    public async Task Remove(string subscriptionId)
    {
        if (state.State.Subscriptions.All(s => s.Id != subscriptionId)) throw new NotFoundException($"No webhook subscription {subscriptionId}.");
        await state.ReplaceStateAsync(state.State with { Subscriptions = state.State.Subscriptions.RemoveAll(s => s.Id == subscriptionId) });
    }

    public Task<ImmutableArray<WebhookSubscription>> List() => Task.FromResult(state.State.Subscriptions);
}

public static class WebhookSignature
{
    public const string Header = "X-ThreeSocial-Signature";

    /// <summary>"sha256=" and the hex HMAC-SHA256 of the body with the subscription's secret (as GitHub-style receivers expect).</summary>
    public static string Of(byte[] body, string secret) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>For receivers (and tests): whether a signature header matches the body, in constant time.</summary>
    public static bool Verify(byte[] body, string secret, string? header) =>
        header is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Of(body, secret)), Encoding.ASCII.GetBytes(header));
}
