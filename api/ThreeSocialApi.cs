using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Scalar.AspNetCore;
using ThreeSocial.Api.Alerts;
using ThreeSocial.Api.Audit;
using ThreeSocial.Api.Calendar;
using ThreeSocial.Api.Reports;
using ThreeSocial.Api.Auth;
using ThreeSocial.Api.Communities;
using ThreeSocial.Api.Health;
using ThreeSocial.Api.Dashboard;
using ThreeSocial.Api.Incidents;
using ThreeSocial.Api.Live;
using ThreeSocial.Api.Observability;
using ThreeSocial.Api.Problems;
using ThreeSocial.Api.Regions;
using ThreeSocial.Api.Responders;
using ThreeSocial.Api.Stockpiles;
using ThreeSocial.Api.TimeBank;
using ThreeSocial.Api.Texts;
using ThreeSocial.Api.Users;

namespace ThreeSocial.Api;

/// <summary>Everything HTTP that the silo hosts, wired in one place.</summary>
public static class ThreeSocialApi
{
    public static IServiceCollection AddThreeSocialApi(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        services.AddProblemDetails();
        services.AddOpenApi();
        // Binding failures go through GrainExceptionHandler too, so the client learns which field was wrong.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            // Strict bodies: a missing required field, an unknown field or a wrong type is a 400, never a default.
            o.SerializerOptions.RespectNullableAnnotations = true;
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
            o.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()); // "Done", not 2
            o.SerializerOptions.Encoder = SafeJson.Encoder;
        });
        services.AddExceptionHandler<GrainExceptionHandler>();
        services.AddThreeSocialTelemetry(configuration);
        return services;
    }

    public static WebApplication UseThreeSocialApi(this WebApplication app)
    {
        app.UseThreeSocialLanguages(); // first: problem details speak the caller's language too
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDashboard();
        app.UseThreeSocialAuth();
        app.MapOpenApi().Public(); // /openapi/v1.json
        // The same document to read and try in a browser; served whole from the package (no CDN, no web fonts).
        app.MapScalarApiReference("/docs", o => o.WithTitle("ThreeSocial API").DisableDefaultFonts()).Public();
        app.MapAuthApi();
        app.MapOrleansDashboardSession();
        app.MapUsersApi();
        app.MapAuditApi();
        app.MapCalendarApi();
        app.MapReportsApi();
        app.MapHealthApi();
        app.MapMetricsApi();
        app.MapStockpilesApi();
        app.MapRegionsApi();
        app.MapRespondersApi();
        app.MapCommunitiesApi();
        app.MapIncidentsApi();
        app.MapAlertsApi();
        app.MapTimeBankApi();
        app.MapLiveMap();
        return app;
    }
}
