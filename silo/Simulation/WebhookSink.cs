using System.Collections.Concurrent;

namespace ThreeSocial.Silo.Simulation;

/// <summary>One webhook POST as the street office's receiver got it.</summary>
public sealed record ReceivedAlert(string Identifier, DateTimeOffset ReceivedAt, byte[] Body);

/// <summary>
/// A street office's webhook receiver for the simulation: Kestrel on 127.0.0.1, answers 200 and keeps what arrived, so
/// the run can say how long alerts took from being raised to being received, and a test can validate every body.
/// </summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookSink(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedAlert> Received { get; } = new();

    public string Url => _app.Urls.First() + "/street-office/cap";

    public static async Task<WebhookSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sink = new WebhookSink(app);
        app.MapPost("/street-office/cap", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            sink.Received.Enqueue(new ReceivedAlert(http.Request.Headers["X-CAP-Identifier"].ToString(), DateTimeOffset.UtcNow, body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
