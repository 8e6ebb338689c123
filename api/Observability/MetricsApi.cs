using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ThreeSocial.Api.Observability;

public static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", (PrometheusExporter exporter) =>
                Results.Text(exporter.Scrape(), "text/plain; version=0.0.4; charset=utf-8"))
            .WithName("Metrics").WithTags("Operations").ExcludeFromDescription();
        return app;
    }
}
