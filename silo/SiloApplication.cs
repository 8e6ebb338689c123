using ThreeSocial.Api;
using ThreeSocial.Grains.Counters;
using ThreeSocial.Runtime.Hosting;

namespace ThreeSocial.Silo;

/// <summary>Builds the one process that hosts the grain runtime, the API and (later) the dashboard.</summary>
public static class SiloApplication
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024); // no write needs more

        var storage = builder.Configuration.GetSection("Storage:Sqlite");
        builder.Services.AddSqliteGrainStorage(o => storage.Bind(o));
        builder.Services.AddGrainRuntime(o =>
        {
            builder.Configuration.GetSection("Runtime").Bind(o);
            o.AddGrainAssembly(typeof(CounterGrain).Assembly);
        });
        builder.Services.AddThreeSocialApi();

        var app = builder.Build();
        app.UseThreeSocialApi();
        return app;
    }
}
