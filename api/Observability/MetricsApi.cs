using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ThreeSocial.Api.Auth;
using ThreeSocial.Grains.Users;

namespace ThreeSocial.Api.Observability;

public static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics") // Prometheus text 0.0.4, or OpenMetrics when the scraper asks for it
            .WithName("Metrics").WithTags("Operations").ExcludeFromDescription()
            .Require(Permission.ReadMetrics, Scopes.City); // scrape with an admin's token (Prometheus: authorization credentials)
        return app;
    }
}
