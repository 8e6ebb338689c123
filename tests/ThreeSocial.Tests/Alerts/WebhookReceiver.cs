using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Tests.Support;

namespace ThreeSocial.Tests.Alerts;

/// <summary>A real webhook receiver (Kestrel on 127.0.0.1) that can refuse its first requests, and records every one.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private LoopbackServer _server = null!;
    private int _toRefuse;

    public sealed record Received(byte[] Body, string? Signature, string? Identifier, int AnsweredWith, DateTimeOffset At);

    public ConcurrentQueue<Received> Requests { get; } = new();

    public string Url => _server.Address + "/cap";

    /// <summary>Receivers listen on loopback, which a deployment must name to let webhooks reach it.</summary>
    public static readonly WebhookTargets Targets = new(["127.0.0.1"]);

    /// <summary>A loopback port nothing listens on (yet): deliveries to it are refused until a receiver starts there.</summary>
    public static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <param name="redirectTo">Answer every request with a 307 to this address instead.</param>
    public static async Task<WebhookReceiver> StartAsync(int refuseFirst = 0, int port = 0, string? redirectTo = null)
    {
        var receiver = new WebhookReceiver { _toRefuse = refuseFirst };
        receiver._server = await LoopbackServer.StartAsync(app => app.MapPost("/cap", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var status = redirectTo is not null ? StatusCodes.Status307TemporaryRedirect
                : Interlocked.Decrement(ref receiver._toRefuse) >= 0 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            receiver.Requests.Enqueue(new Received(body.ToArray(), http.Request.Headers["X-ThreeSocial-Signature"], http.Request.Headers["X-CAP-Identifier"],
                status, DateTimeOffset.UtcNow));
            return redirectTo is not null ? Results.Redirect(redirectTo, permanent: false, preserveMethod: true) : Results.StatusCode(status);
        }), port);
        return receiver;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
