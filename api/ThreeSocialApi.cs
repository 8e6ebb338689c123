using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Api.Health;
using ThreeSocial.Api.Observability;
using ThreeSocial.Api.Problems;

namespace ThreeSocial.Api;

/// <summary>Everything HTTP that the silo hosts, wired in one place.</summary>
public static class ThreeSocialApi
{
    public static IServiceCollection AddThreeSocialApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<GrainExceptionHandler>();
        services.AddSingleton<PrometheusExporter>();
        return services;
    }

    public static WebApplication UseThreeSocialApi(this WebApplication app)
    {
        app.Services.GetRequiredService<PrometheusExporter>(); // listen from the first request on
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthApi();
        app.MapMetricsApi();
        return app;
    }
}
