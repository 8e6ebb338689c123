using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.TestGrains;
using ThreeSocial.Grains.Users;
using ThreeSocial.Storage.Sqlite;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Api;

[Trait("Category", TestCategory.Api)]
public sealed partial class OperationsApiTests : IAsyncLifetime
{
    private RunningSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await RunningSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task An_admin_opens_Orleans_dashboard_whose_page_is_let_in_by_the_cookie_alone_and_an_operator_cannot()
    {
        var admin = await _silo.As(Role.Admin, "500000");
        using var door = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer() }) { BaseAddress = _silo.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await door.GetAsync("/admin/orleans/ClusterStats")).StatusCode); // no cookie yet

        using var session = await admin.PostAsync("/api/v1/auth/orleans-dashboard-session", null);
        Assert.Equal(HttpStatusCode.NoContent, session.StatusCode);
        var cookie = session.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("path=/admin/orleans", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        door.DefaultRequestHeaders.Add("Cookie", cookie.Split(';')[0]); // the page's own requests carry only the cookie

        // The dashboard gathers its counters every second: the silo shows up within a few.
        await Eventually.True(async () => (await door.GetFromJsonAsync<JsonElement>("/admin/orleans/DashboardCounters"))
            .GetProperty("totalActiveHostCount").GetInt32() >= 1, "the dashboard counts the silo", 15_000);
        Assert.Equal(HttpStatusCode.Forbidden, (await door.GetAsync("/admin/orleans/GrainState?grainId=x&grainType=y")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _silo.Http.PostAsync("/api/v1/auth/orleans-dashboard-session", null)).StatusCode); // an operator
    }

    [Fact]
    public async Task Healthz_says_storage_is_reachable()
    {
        var response = await _silo.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal("sqlite", body.GetProperty("storage").GetProperty("provider").GetString());
        Assert.True(body.GetProperty("storage").GetProperty("reachable").GetBoolean());
    }

    [Fact]
    public async Task A_stopping_silo_says_draining_on_healthz_and_keeps_serving_for_its_drain_delay()
    {
        await using var silo = await RunningSilo.StartAsync("--Cluster:DrainDelay", "00:00:03");
        var http = silo.Http;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode); // the control: healthy before

        var stopping = silo.StopAsync();
        JsonElement body = default;
        await Eventually.True(async () =>
        {
            using var response = await http.GetAsync("/healthz");
            body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return response.StatusCode == HttpStatusCode.ServiceUnavailable;
        }, "healthz turns 503 once the stop begins", 2_000);
        Assert.Equal("draining", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("storage").GetProperty("reachable").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/regions/500103")).StatusCode); // still served meanwhile
        Assert.False(stopping.IsCompleted);
        await stopping;
    }

    [Fact]
    public async Task Healthz_is_503_when_storage_stops_answering()
    {
        _silo.Services.GetRequiredService<SqliteGrainStorage>().Dispose(); // the writer stops, as on a fatal store error

        var response = await _silo.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        Assert.False(body.GetProperty("storage").GetProperty("reachable").GetBoolean());
    }

    [Fact]
    public async Task Metrics_expose_the_runtime_in_valid_Prometheus_text_and_only_this_silo_s_own_series()
    {
        var admin = await _silo.As(Role.Admin, "500000"); // metrics are for administrators (and their scrapers)
        const string writes = "orleans_storage_write_latency_milliseconds_count{otel_scope_name=\"Microsoft.Orleans\",provider_type_name=\"StoreGrainStorage\",state_name=\"counter\",state_type=\"CounterState\"}";
        const string activations = "orleans_catalog_activation_created_total{otel_scope_name=\"Microsoft.Orleans\",grain_type=\"counter\"}";
        using var folder = new TempDirectory();
        await using var neighbour = await TestSilo.StartAsync(Path.Combine(folder.Path, "neighbour.db")); // another silo in this process
        var before = ParseExposition(await admin.GetStringAsync("/metrics"));
        var neighbourBefore = await neighbour.ActivationCount();
        for (var i = 0; i < 50; i++) await _silo.Grains.GetGrain<ICounterGrain>($"metrics-{i}").Increment();
        for (var i = 0; i < 30; i++) await neighbour.Grains.GetGrain<ICounterGrain>($"metrics-{i}").Increment();

        var response = await admin.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var samples = ParseExposition(text);
        // Orleans' own meter: activations by grain type, and every durable write through our store; the neighbour's
        // 30 activations and writes (same meter name, same grain type) are not counted here.
        Assert.Equal(50, samples[activations] - before.GetValueOrDefault(activations));
        Assert.Equal(50, samples[writes] - before.GetValueOrDefault(writes));
        Assert.True(await neighbour.ActivationCount() - neighbourBefore >= 30, "the neighbour activated its counters, beside ours");
        Assert.Equal(HttpStatusCode.Forbidden, (await _silo.Http.GetAsync("/metrics")).StatusCode); // an operator may not
        Assert.Equal(HttpStatusCode.Unauthorized, (await _silo.Anonymous.GetAsync("/metrics")).StatusCode);
        Assert.Contains(samples.Keys, k => k.StartsWith("orleans_app_requests_latency_milliseconds_count", StringComparison.Ordinal));
        Assert.Contains(samples.Keys, k => k.StartsWith("http_server_request_duration_seconds_count", StringComparison.Ordinal)); // ASP.NET Core's
        Assert.Contains(samples.Keys, k => k.StartsWith("dotnet_gc_collections_total", StringComparison.Ordinal)); // the runtime's
        AssertHistogramsAreCumulative(samples);
    }

    [Fact]
    public async Task The_OpenAPI_document_is_browsable_at_docs_from_the_service_itself()
    {
        var page = await _silo.Anonymous.GetAsync("/docs"); // redirected to /docs/, where its relative paths resolve

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("\"url\":\"openapi/v1.json\"", html); // the document it shows, under the site's root
        var document = await _silo.Anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            Assert.False(Uri.TryCreate(script, UriKind.Absolute, out var absolute) && absolute.Host != _silo.BaseAddress.Host, $"{script} comes from elsewhere");
            var served = await _silo.Anonymous.GetAsync(new Uri(new Uri(_silo.BaseAddress, "/docs/"), script));
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.True((await served.Content.ReadAsByteArrayAsync()).Length > 1000, $"{script} is a real script");
        }
        Assert.DoesNotContain("fonts.scalar.com", html); // no request leaves the machine
    }

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();

    [Fact]
    public async Task An_unknown_path_is_a_problem_details_404()
    {
        var response = await _silo.Http.GetAsync("/no/such/thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    /// <summary>Every line must be a comment (# HELP / # TYPE) or a sample as the exposition format 0.0.4 defines it.</summary>
    private static Dictionary<string, double> ParseExposition(string text)
    {
        var samples = new Dictionary<string, double>();
        var typed = new HashSet<string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Contains(parts[3], new[] { "counter", "gauge", "histogram" });
                Assert.True(typed.Add(parts[2]), $"TYPE given twice for {parts[2]}");
                continue;
            }
            if (line.StartsWith("# HELP ", StringComparison.Ordinal)) continue;
            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a valid sample line: {line}");
            var value = match.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var v => double.Parse(v, CultureInfo.InvariantCulture),
            };
            Assert.True(samples.TryAdd(match.Groups["series"].Value, value), $"series repeated: {line}");
        }
        return samples;
    }

    private static void AssertHistogramsAreCumulative(Dictionary<string, double> samples)
    {
        var histograms = samples.Keys.Where(k => k.Contains("_bucket{", StringComparison.Ordinal))
            .GroupBy(k => LeLabel().Replace(k, ""));
        foreach (var histogram in histograms)
        {
            var ordered = histogram
                .Select(k => (Le: LeValue(k), Count: samples[k]))
                .OrderBy(b => b.Le).ToList();
            for (var i = 1; i < ordered.Count; i++) Assert.True(ordered[i].Count >= ordered[i - 1].Count, $"{histogram.Key} is not cumulative");
            Assert.True(double.IsPositiveInfinity(ordered[^1].Le));
            var countSeries = histogram.Key.Replace("_bucket{", "_count{").Replace("{}", "");
            Assert.Equal(samples[countSeries], ordered[^1].Count);
        }
    }

    private static double LeValue(string series)
    {
        var le = Regex.Match(series, "le=\"([^\"]+)\"").Groups[1].Value;
        return le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("""^(?<series>[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*")*\})?) (?<value>[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?|[+-]Inf|NaN)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(",?le=\"[^\"]+\"")]
    private static partial Regex LeLabel();
}
