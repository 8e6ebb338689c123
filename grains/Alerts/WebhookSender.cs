using Microsoft.Extensions.Options;
using System.Net.Http.Headers;

namespace ThreeSocial.Grains.Alerts;

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
