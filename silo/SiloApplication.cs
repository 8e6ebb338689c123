using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Clocks;
using ThreeSocial.Api;
using ThreeSocial.Api.Auth;
using ThreeSocial.Grains.Users;
using Orleans.Dashboard;
using ThreeSocial.Api.Live;
using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Silo.DemoCity;
using ThreeSocial.Silo.Rollups;
using Orleans.Configuration;
using Orleans.Reminders;
using ThreeSocial.Events;
using ThreeSocial.Storage.Hosting;

namespace ThreeSocial.Silo;

/// <summary>Builds the one process that hosts the Orleans silo, the API, the live map's hub and the dashboard.</summary>
public static class SiloApplication
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <param name="services">
    /// Registrations that come before the defaults: a simulation's faster clock, registered under Orleans' keyed clocks
    /// for grains and reminders (never as the unkeyed clock, which would also speed up response timeouts and membership).
    /// </param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? services = null)
    {
        // Settings come from next to the executable (appsettings.json is copied there), wherever it was started from;
        // relative paths in them (the database) stay relative to the directory the silo was started in.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        services?.Invoke(builder.Services);
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024); // no write needs more

        builder.Services.AddGrainClock(TimeProvider.System);
        // First among the hosted services: the event relay, the demo loader, the roll-up repair and the demo users call grains as they start.
        builder.UseOrleans(silo => ConfigureSilo(silo, builder.Configuration));
        builder.Services.AddEventStream();
        builder.Services.AddThreeSocialApi(builder.Configuration);
        builder.Services.AddSingleton(new ThreeSocial.Api.Health.SiloDrain(DrainDelay(builder.Configuration)));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ThreeSocial.Api.Health.SiloDrain>());
        builder.Services.AddThreeSocialAuth(builder.Configuration);
        builder.Services.AddLiveMap(builder.Configuration);
        builder.Services.AddRollupRepair();
        builder.Services.AddReferenceData();
        // The demo city: real districts, generated below them from City:Seed (deterministic, so every start agrees).
        var seed = builder.Configuration.GetValue("City:Seed", 42);
        builder.Services.AddSingleton(_ => RegionCatalog.OfDemoCity(seed));
        builder.Services.AddDispatch(builder.Configuration);
        builder.Services.AddAlertDelivery(builder.Configuration);
        if (builder.Configuration.GetValue("City:WarmUpOnStart", true)) builder.Services.AddHostedService<CityWarmUp>();
        if (builder.Configuration.GetValue("City:LoadDemo", true)) builder.Services.AddHostedService<DemoCityLoader>();
        if (builder.Configuration.GetValue("Auth:DemoUsers", false)) builder.Services.AddHostedService<DemoUsers>();
        if (builder.Configuration.GetValue("Reports:WeeklyDigest", true)) builder.Services.AddHostedService<Reports.WeeklyDigestStart>();

        var app = builder.Build();
        app.UseThreeSocialApi();
        if (OrleansDashboardOn(builder.Configuration))
            app.MapOrleansDashboard(routePrefix: OrleansDashboardSession.Path).Require(Permission.ReadMetrics, Scopes.City)
                .AddEndpointFilter(OrleansDashboardSession.WithoutGrainState);
        return app;
    }

    /// <summary>How long a stopping silo keeps serving while the front door moves away (Cluster:DrainDelay; 5 s in a cluster, none alone).</summary>
    private static TimeSpan DrainDelay(IConfiguration configuration) =>
        configuration.GetValue<TimeSpan?>("Cluster:DrainDelay")
        ?? (configuration.GetValue("Cluster:Provider", "Localhost") is "Localhost" ? TimeSpan.Zero : TimeSpan.FromSeconds(5));

    /// <summary>Orleans' dashboard for admins (Admin:OrleansDashboard, on by default): it times every grain call it counts.</summary>
    private static bool OrleansDashboardOn(IConfiguration configuration) => configuration.GetValue("Admin:OrleansDashboard", true);

    /// <summary>
    /// The silo: alone on loopback (Cluster:Provider Localhost, the default) or one of a cluster whose membership is in
    /// PostgreSQL or Azure Storage, with grain state, reminders and journals on the store Storage:Provider names
    /// (Sqlite | Postgres | AzureStorage); see <see cref="StorageHosting"/>.
    /// </summary>
    private static void ConfigureSilo(ISiloBuilder silo, ConfigurationManager configuration)
    {
        silo.UseThreeSocialStorage(configuration);
        silo.AddActivityPropagation(); // one trace from the HTTP request through the grains it calls
        if (OrleansDashboardOn(configuration)) silo.AddDashboard(o => o.HideTrace = true); // logs may name residents
        var runtime = configuration.GetSection("Runtime");
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = runtime.GetValue("ResponseTimeout", TimeSpan.FromSeconds(30)));
        silo.Configure<GrainCollectionOptions>(o =>
        {
            o.CollectionAge = runtime.GetValue("CollectionAge", TimeSpan.FromMinutes(15));
            o.CollectionQuantum = runtime.GetValue("CollectionQuantum", TimeSpan.FromMinutes(1));
        });
        // Reminders follow the keyed clock: at a simulation's 600x, the default 5-minute refresh would reread the whole
        // table every half second of wall time. Their refresh is for rebalancing across silos, which one silo never does.
        var refresh = runtime.GetValue("ReminderRefresh", TimeSpan.FromMinutes(5));
        silo.Configure<ReminderOptions>(o =>
        {
            o.RefreshReminderListPeriod = refresh;
            o.ReminderLoadingWindow = refresh * 2; // reminders due before the next refresh are held in memory
            o.InitializationTimeout = TimeSpan.FromMinutes(5);
        });
    }
}
