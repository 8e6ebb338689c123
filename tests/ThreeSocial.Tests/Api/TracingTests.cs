using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Api;

/// <summary>Traces through the OpenTelemetry SDK to a real OTLP/HTTP endpoint, from the request to the store.</summary>
[Trait("Category", TestCategory.Api)]
public sealed class TracingTests
{
    [Fact]
    public async Task One_incident_report_is_one_trace_from_HTTP_through_the_grains_to_storage_and_reaches_the_collector()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var silo = await RunningSilo.StartAsync("--OpenTelemetry:Endpoint", collector.Address, "--OpenTelemetry:Protocol", "http/protobuf");
        using var caller = new ActivitySource("ThreeSocial.Tests.Tracing");
        var trace = default(ActivityTraceId);
        var spans = new ConcurrentQueue<Activity>();
        using var watch = new ActivityListener
        {
            ShouldListenTo = source => source == caller || source.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span => { if (span.TraceId == trace) spans.Enqueue(span); },
        };
        ActivitySource.AddActivityListener(watch);
        var catalog = silo.Services.GetRequiredService<RegionCatalog>();
        var scene = catalog.City.Communities.First(c => c.Code.StartsWith("500103", StringComparison.Ordinal)).Area.InteriorPoint;

        using (var reporting = caller.StartActivity("report an incident", ActivityKind.Client)!) // its trace travels in the traceparent header
        {
            trace = reporting.TraceId;
            var report = new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents")
            {
                Headers = { { "Idempotency-Key", Keys.New("trace") } },
                Content = JsonContent.Create(new { subtype = "elderly-fall", severity = "Serious", longitude = scene.X, latitude = scene.Y, description = "老人在家中摔倒" }),
            };
            Assert.Equal(HttpStatusCode.Created, (await silo.Http.SendAsync(report)).StatusCode);
        }

        string Seen() => string.Join("; ", spans.Select(s => $"{s.Source.Name}: {s.DisplayName}"));
        await Eventually.True(() => Task.FromResult(spans.Any(s => s.Source.Name == "Microsoft.Orleans.Storage")), "a storage span in the report's trace");
        Assert.Contains(spans, s => s.Source.Name == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server); // the HTTP request
        Assert.True(spans.Any(s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.DisplayName.Contains("IIncidentGrain", StringComparison.Ordinal)),
            $"the incident grain's call is in the trace: {Seen()}");
        Assert.True(spans.Any(s => s.Source.Name == "Microsoft.Orleans.Storage" && s.DisplayName.Contains("write", StringComparison.Ordinal)),
            $"a state write is in the trace: {Seen()}");

        // The exporter sends them on (every few seconds): the trace's id is in what the collector received, as OTLP protobuf.
        var id = Convert.FromHexString(trace.ToHexString());
        await Eventually.True(() => Task.FromResult(collector.Received("/v1/traces").Any(body => body.AsSpan().IndexOf(id) >= 0)), "the trace at the collector", 20_000);
        Assert.All(collector.ContentTypes, t => Assert.Equal("application/x-protobuf", t));
    }

    /// <summary>A real OTLP/HTTP endpoint that keeps every body it is sent, by path.</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _bodies = new();
        private LoopbackServer _server = null!;

        public string Address => _server.Address;

        public ConcurrentBag<string> ContentTypes { get; } = [];

        public IEnumerable<byte[]> Received(string path) => _bodies.Where(b => b.Path == path).Select(b => b.Body);

        public static async Task<OtlpCollector> StartAsync()
        {
            var collector = new OtlpCollector();
            collector._server = await LoopbackServer.StartAsync(app => app.MapPost("/v1/{signal}", async (HttpContext http) =>
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body);
                collector._bodies.Enqueue((http.Request.Path, body.ToArray()));
                collector.ContentTypes.Add(http.Request.ContentType ?? "");
                return Results.Ok();
            }));
            return collector;
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }
}
