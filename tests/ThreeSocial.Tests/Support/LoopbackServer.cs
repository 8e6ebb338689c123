using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace ThreeSocial.Tests.Support;

/// <summary>A real HTTP server on 127.0.0.1 (Kestrel) for what the service sends out: webhooks, OTLP exports.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app) => _app = app;

    /// <summary>Where it listens, without a trailing slash.</summary>
    public string Address => _app.Urls.First();

    /// <param name="map">The endpoints it answers.</param>
    /// <param name="port">0 for a free one.</param>
    public static async Task<LoopbackServer> StartAsync(Action<WebApplication> map, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new LoopbackServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
