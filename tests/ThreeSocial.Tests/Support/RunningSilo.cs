using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Runtime;
using ThreeSocial.Silo;

namespace ThreeSocial.Tests.Support;

/// <summary>The real silo process setup (SiloApplication), listening on a free loopback port, spoken to over real HTTP.</summary>
public sealed class RunningSilo : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory _temp;

    private RunningSilo(WebApplication app, TempDirectory temp)
    {
        _app = app;
        _temp = temp;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public HttpClient Http { get; }
    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();
    public IServiceProvider Services => _app.Services;

    public static async Task<RunningSilo> StartAsync(params string[] extraArgs)
    {
        var temp = new TempDirectory();
        var app = SiloApplication.Build(["--urls", "http://127.0.0.1:0", "--Storage:Sqlite:Path", temp.File("silo.db"),
            "--Logging:LogLevel:Default", "Warning", "--City:WarmUpOnStart", "false", "--City:LoadDemo", "false", .. extraArgs]);
        await app.StartAsync();
        return new RunningSilo(app, temp);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _temp.Dispose();
    }
}
