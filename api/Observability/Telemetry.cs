using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ThreeSocial.Api.Observability;

/// <summary>
/// Metrics and traces through the OpenTelemetry SDK: ASP.NET Core's, the .NET runtime's, Orleans' and our own meters,
/// scraped at /metrics (Prometheus text) and, when <c>OpenTelemetry:Endpoint</c> names a collector, pushed over OTLP
/// with the traces of every request through the grains it calls to their storage.
/// </summary>
public static class Telemetry
{
    /// <summary>Meters each host creates through its own IMeterFactory.</summary>
    private static readonly string[] HostMeters = ["Microsoft.AspNetCore", "Microsoft.Orleans", "ThreeSocial"];

    public static IServiceCollection AddThreeSocialTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        // The SDK picks meters by name across the whole process; these rules keep to this host's factory instead, so
        // two silos in one process (the tests, a simulation beside its driver) never add up each other's series.
        services.AddMetrics(metrics =>
        {
            foreach (var meter in HostMeters)
                metrics.EnableMetrics(meter, instrumentName: null, listenerName: "OpenTelemetry", scopes: MeterScope.Local);
        });
        var collector = Collector.From(configuration);
        var telemetry = services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddRuntimeInstrumentation().AddHttpClientInstrumentation(); // process-wide meters
                // Every scrape fresh: the endpoint is for administrators' scrapers, and a cached answer hides a change just made.
                metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (collector is not null) metrics.AddOtlpExporter(o => collector.Configure(o, "v1/metrics"));
            });
        if (collector is not null)
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSource("Microsoft.Orleans.*") // grain calls (Application, Runtime) and every state read and write (Storage)
                .AddOtlpExporter(o => collector.Configure(o, "v1/traces")));
        return services;
    }

    /// <summary>An OTLP collector: <c>OpenTelemetry:Endpoint</c> (its base address) and <c>OpenTelemetry:Protocol</c>.</summary>
    private sealed record Collector(Uri Endpoint, OtlpExportProtocol Protocol)
    {
        public static Collector? From(IConfiguration configuration)
        {
            var endpoint = configuration["OpenTelemetry:Endpoint"];
            if (string.IsNullOrWhiteSpace(endpoint)) return null;
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new InvalidOperationException($"OpenTelemetry:Endpoint must be an http(s) address, not '{endpoint}'.");
            var protocol = configuration["OpenTelemetry:Protocol"] switch
            {
                null or "" or "grpc" => OtlpExportProtocol.Grpc,
                "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
                var other => throw new InvalidOperationException($"OpenTelemetry:Protocol is grpc or http/protobuf, not '{other}'."),
            };
            return new Collector(uri, protocol);
        }

        // Over HTTP each signal has its own path under the base address, as OTEL_EXPORTER_OTLP_ENDPOINT means it.
        public void Configure(OtlpExporterOptions options, string signalPath)
        {
            options.Protocol = Protocol;
            options.Endpoint = Protocol == OtlpExportProtocol.Grpc ? Endpoint : new Uri(new Uri(Endpoint.ToString().TrimEnd('/') + "/"), signalPath);
        }
    }
}
