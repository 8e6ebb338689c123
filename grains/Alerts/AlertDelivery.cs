using Microsoft.Extensions.Options;
using ThreeSocial.Reminders;
using System.Collections.Immutable;
using System.Net.Http.Headers;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Storage;

namespace ThreeSocial.Grains.Alerts;

public sealed class AlertDeliveryOptions
{

    /// <summary>How long a message is retried before it is marked undelivered.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetry { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

[GenerateSerializer, Alias("ts.DeliveryOutcome")]
public enum DeliveryOutcome { Pending, Delivered, Undelivered }

/// <summary>One POST of one CAP message to one subscription: when, and what came back.</summary>
[GenerateSerializer, Immutable, Alias("ts.DeliveryAttempt")]
public sealed record DeliveryAttempt([Id(0)] DateTimeOffset At, [Id(1)] int? Status, [Id(2)] string? Error, [Id(3)] double Milliseconds);

[GenerateSerializer, Immutable, Alias("ts.DeliveryReceipt")]
public sealed record DeliveryReceipt(
    [Id(0)] string Id, [Id(1)] string AlertId, [Id(2)] string MessageIdentifier, [Id(3)] string SubscriptionId, [Id(4)] string Url, [Id(5)] DeliveryOutcome Outcome, [Id(6)] ImmutableArray<DeliveryAttempt> Attempts);

/// <summary>
/// Delivers one CAP message of an alert to one webhook subscription (key: "{message identifier}|{subscription id}"):
/// tries at once, then again with exponential backoff and jitter until a 2xx or until GiveUpAfter, each attempt
/// recorded. The state is stored before every try. Tries are grain timers (seconds apart); a one-minute reminder is the
/// durable backstop, so a restart resumes the delivery within a minute.
/// </summary>
[Alias("ts.IAlertDeliveryGrain")]
public interface IAlertDeliveryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the delivery (a repeat does nothing). The alert is stored; this sends it. Interleaves, so an alert
    /// repeating a Start never waits behind this delivery's own call to the alert (which would be a cycle).
    /// </summary>
    [AlwaysInterleave] Task Start(string alertId, int messageNumber, WebhookSubscription subscription);

    [ReadOnly] Task<DeliveryReceipt?> Get();
}

public sealed record AlertDeliveryState
{
    public DeliveryReceipt? Receipt { get; init; }
    public string? Secret { get; init; }
    public int MessageNumber { get; init; }
    public DateTimeOffset StartedAt { get; init; }
}

public sealed class AlertDeliveryGrain(
    [PersistentState("delivery")] IPersistentState<AlertDeliveryState> state, WebhookSender sender, RegionCatalog catalog,
    IOptions<AlertDeliveryOptions> delivery, [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock) : Grain, IAlertDeliveryGrain, IRemindable
{
    private const string Retry = "retry";
    private readonly AlertDeliveryOptions _options = delivery.Value;

    public static string KeyFor(string messageIdentifier, string subscriptionId) => $"{messageIdentifier}|{subscriptionId}";

    private bool _starting;
    private IGrainTimer? _nextTry;

    public async Task Start(string alertId, int messageNumber, WebhookSubscription subscription)
    {
        if (state.State.Receipt is not null || _starting) return;
        _starting = true; // checked and set in one turn: a second Start interleaved with the first does nothing
        var key = this.GetPrimaryKeyString();
        try
        {
            await Save(new AlertDeliveryState
            {
                Receipt = new DeliveryReceipt(key, alertId, key[..key.IndexOf('|')], subscription.Id, subscription.Url, DeliveryOutcome.Pending, []),
                Secret = subscription.Secret, MessageNumber = messageNumber, StartedAt = clock.GetUtcNow(),
            });
            await this.RemindOnce(Retry, StoreReminderTable.OneShotPeriod);
            // The first try is a timer due now, not a call made here: the alert (and the incident behind it) never waits on a receiver.
            TryIn(TimeSpan.Zero);
        }
        finally
        {
            _starting = false;
        }
    }

    public Task<DeliveryReceipt?> Get() => Task.FromResult(state.State.Receipt);

    /// <summary>The backstop: tries again only when this activation has no try of its own coming (it is new after a restart).</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != Retry) return;
        if (state.State.Receipt is not { Outcome: DeliveryOutcome.Pending }) await this.ForgetReminder(Retry);
        else if (_nextTry is null) await Attempt();
    }

    private void TryIn(TimeSpan delay)
    {
        _nextTry?.Dispose();
        _nextTry = this.RegisterGrainTimer(async () =>
        {
            _nextTry?.Dispose();
            _nextTry = null;
            if (state.State.Receipt is { Outcome: DeliveryOutcome.Pending }) await Attempt();
        }, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
    }

    private async Task Attempt()
    {
        var s = state.State;
        var receipt = s.Receipt!;
        var alert = await GrainFactory.GetGrain<IAlertGrain>(receipt.AlertId).Get()
            ?? throw new InvalidOperationException($"Alert {receipt.AlertId} is missing; it is stored before any delivery starts.");
        var body = CapWriter.Bytes(CapWriter.Write(alert, alert.Messages[s.MessageNumber - 1], catalog));
        var attempt = await sender.PostAsync(receipt.Url, body, s.Secret!, receipt.MessageIdentifier, receipt.Id);
        var now = clock.GetUtcNow();
        var delivered = attempt.Status is >= 200 and < 300;
        var givenUp = !delivered && now - s.StartedAt >= _options.GiveUpAfter;
        var outcome = delivered ? DeliveryOutcome.Delivered : givenUp ? DeliveryOutcome.Undelivered : DeliveryOutcome.Pending;
        await Save(s with { Receipt = receipt with { Outcome = outcome, Attempts = receipt.Attempts.Add(attempt with { At = now }) } });
        if (outcome == DeliveryOutcome.Pending)
            TryIn(Backoff(receipt.Attempts.Length + 1));
        else
        {
            await this.ForgetReminder(Retry);
            await GrainFactory.GetGrain<IAlertGrain>(receipt.AlertId).DeliveryEnded(receipt.Id, outcome);
        }
    }

    /// <summary>2 s, 4 s, 8 s … up to MaxRetry, each between half and the whole of it, so retries of many alerts spread out.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var full = Math.Min(_options.MaxRetry.TotalMilliseconds, _options.FirstRetry.TotalMilliseconds * Math.Pow(2, attempts - 1));
        return TimeSpan.FromMilliseconds(full * (0.5 + Random.Shared.NextDouble() * 0.5));
    }

    private Task Save(AlertDeliveryState next) => state.ReplaceStateAsync(next);
}

/// <summary>
/// POSTs CAP XML to webhooks, signed; never throws for what the receiver or the network did (that is an attempt's result).
/// Connections go only where <see cref="WebhookTargets"/> permits, and redirects are not followed (a receiver that
/// redirects could send the service anywhere). A DI singleton: the container disposes it, and its connections, at shutdown.
/// </summary>
public sealed class WebhookSender(IOptions<AlertDeliveryOptions> options, WebhookTargets targets) : IDisposable
{
    public const string IdentifierHeader = "X-CAP-Identifier";
    public const string DeliveryHeader = "X-ThreeSocial-Delivery";

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2), ConnectTimeout = TimeSpan.FromSeconds(5), AllowAutoRedirect = false, ConnectCallback = targets.ConnectAsync,
    })
    {
        Timeout = options.Value.RequestTimeout,
    };

    public async Task<DeliveryAttempt> PostAsync(string url, byte[] body, string secret, string identifier, string deliveryId)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/cap+xml") { CharSet = "utf-8" };
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Of(body, secret));
            request.Headers.Add(IdentifierHeader, identifier);
            request.Headers.Add(DeliveryHeader, deliveryId);
            using var response = await _http.SendAsync(request);
            return new DeliveryAttempt(default, (int)response.StatusCode, null, clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new DeliveryAttempt(default, null, e.Message, clock.Elapsed.TotalMilliseconds);
        }
    }

    public void Dispose() => _http.Dispose();
}
