using ThreeSocial.Api;
using ThreeSocial.Api.Auth;
using ThreeSocial.Api.Live;
using ThreeSocial.Grains.Counters;
using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Silo.DemoCity;
using ThreeSocial.Silo.Rollups;
using ThreeSocial.Runtime.Hosting;

namespace ThreeSocial.Silo;

/// <summary>Builds the one process that hosts the grain runtime, the API and (later) the dashboard.</summary>
public static class SiloApplication
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <param name="services">Registrations that come before the defaults (a simulation's faster clock, say).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? services = null)
    {
        // Settings come from next to the executable (appsettings.json is copied there), wherever it was started from;
        // relative paths in them (the database) stay relative to the directory the silo was started in.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        services?.Invoke(builder.Services);
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024); // no write needs more

        builder.Services.AddGrainStorage(builder.Configuration.GetSection("Storage")); // Storage:Provider = Sqlite | Postgres | AzureBlob
        builder.Services.AddGrainRuntime(o =>
        {
            builder.Configuration.GetSection("Runtime").Bind(o);
            o.AddGrainAssembly(typeof(CounterGrain).Assembly);
        });
        builder.Services.AddThreeSocialApi();
        builder.Services.AddThreeSocialAuth(builder.Configuration);
        builder.Services.AddLiveMap(builder.Configuration);
        builder.Services.AddRollupRepair();
        // The demo city: real districts, generated below them from City:Seed (deterministic, so every start agrees).
        var seed = builder.Configuration.GetValue("City:Seed", 42);
        builder.Services.AddSingleton(_ => RegionCatalog.OfDemoCity(seed));
        var dispatch = new DispatchOptions();
        builder.Configuration.GetSection("Dispatch").Bind(dispatch);
        builder.Services.AddSingleton(dispatch);
        var delivery = new ThreeSocial.Grains.Alerts.AlertDeliveryOptions();
        builder.Configuration.GetSection("Alerts:Delivery").Bind(delivery);
        builder.Services.AddSingleton(delivery).AddSingleton<ThreeSocial.Grains.Alerts.WebhookSender>();
        if (builder.Configuration.GetValue("City:WarmUpOnStart", true)) builder.Services.AddHostedService<CityWarmUp>();
        if (builder.Configuration.GetValue("City:LoadDemo", true)) builder.Services.AddHostedService<DemoCityLoader>();
        if (builder.Configuration.GetValue("Auth:DemoUsers", false)) builder.Services.AddHostedService<DemoUsers>();

        var app = builder.Build();
        app.UseThreeSocialApi();
        return app;
    }
}

/// <summary>Builds the region catalog in the background at start, so the first map request does not wait ~8 s.</summary>
internal sealed class CityWarmUp(IServiceProvider services, ILogger<CityWarmUp> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var catalog = services.GetRequiredService<RegionCatalog>();
        logger.LogInformation("Demo city ready in {Seconds:0.0} s: {Streets} streets and towns, {Communities} communities and villages, {Grids} grids.",
            clock.Elapsed.TotalSeconds, catalog.City.Streets.Count, catalog.City.Communities.Count, catalog.City.Grids.Count);
    }, stoppingToken);
}
