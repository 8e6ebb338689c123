namespace ThreeSocial.Grains.Alerts;

/// <summary>Where a street office wants its alerts POSTed, and the secret their signature is made with.</summary>
[GenerateSerializer, Immutable, Alias("ts.WebhookSubscription")]
public sealed record WebhookSubscription([Id(0)] string Id, [Id(1)] string Url, [Id(2)] string Secret, [Id(3)] string CreatedBy, [Id(4)] DateTimeOffset CreatedAt);
