using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Responders;
using ThreeSocial.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ThreeSocial.Tests.Dashboard;

/// <summary>A silo of its own: the storm's 3,000 incidents must not crowd the other tests' maps.</summary>
public sealed class StormSiloFixture : IAsyncLifetime
{
    public RunningSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await RunningSilo.StartAsync();

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}

/// <summary>
/// The map in a rainstorm (#13): 3,000 open incidents reported through the API, drawn in Chromium, then 200 deltas of
/// more reports over the hub. Asserts that every incident is on the map once (a single marker or inside a cluster) and
/// that each cluster shows the worst band of its members; measures inside the page with the Performance API the first
/// draw, each delta's apply (the live stream's handling plus the markers' redraw), and the long tasks after the first
/// draw, and prints them. The goals (p95 apply under 16 ms, no long task over 200 ms) are reported, not asserted.
/// </summary>
[Trait("Category", TestCategory.Browser)]
public sealed class MapStormTests(StormSiloFixture fixture, BrowserFixture browser, ITestOutputHelper output)
    : IClassFixture<StormSiloFixture>, IClassFixture<BrowserFixture>
{
    private const int Incidents = 3_000;
    private const int Deltas = 200;

    private static readonly (string Subtype, string Severity)[] Kinds =
        [("flood", "Major"), ("elderly-fall", "Serious"), ("welfare-check", "General"), ("elderly-illness", "Serious")];

    // Installed before the page's scripts: long tasks from the start, so those after the first draw can be picked out.
    private const string ObserveLongTasks = """
        window.__longTasks = [];
        new PerformanceObserver(list => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); })
          .observe({ type: 'longtask', buffered: true });
        """;

    // What is drawn, read from the DOM: single markers by incident id, clusters by their count and band.
    private const string Drawn = """
        () => ({
          singles: [...document.querySelectorAll('#map .incident[data-incident-id]')].map(e => e.dataset.incidentId),
          clustered: [...document.querySelectorAll('#map .incident-cluster[data-count]')].reduce((n, e) => n + Number(e.dataset.count), 0),
        })
        """;

    private RegionCatalog Catalog => fixture.Silo.Services.GetRequiredService<RegionCatalog>();

    [Fact]
    public async Task Three_thousand_open_incidents_cluster_with_their_worst_band_and_deltas_apply_without_long_tasks()
    {
        var silo = fixture.Silo;
        // Responders on duty in two central districts: their first incidents are dispatched in time (green), the rest
        // of the city's are escalated (amber), so clusters have members of different bands.
        var onDuty = Catalog.City.Responders.Where(r => r.HomeCommunity.StartsWith("500103", StringComparison.Ordinal) || r.HomeCommunity.StartsWith("500108", StringComparison.Ordinal)).ToList();
        foreach (var r in onDuty) await silo.Grains.GetGrain<IResponderGrain>(r.Id).SetDuty(true, "storm test");

        var communities = Catalog.City.Communities.ToList();
        var reported = 0;
        async Task Report(int n)
        {
            var scene = communities[n * 7919 % communities.Count].Area.InteriorPoint; // spread over the whole city
            var (subtype, severity) = Kinds[n % Kinds.Length];
            using var created = await silo.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents")
            {
                Headers = { { "Idempotency-Key", Keys.New("storm") } },
                Content = JsonContent.Create(new { subtype, severity, longitude = scene.X, latitude = scene.Y, description = "暴雨 storm " + n }),
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Interlocked.Increment(ref reported);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Incidents), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, _) => await Report(n));
        var reportSeconds = clock.Elapsed.TotalSeconds;
        await Eventually.True(async () => (await silo.Http.GetFromJsonAsync<JsonElement>("/api/v1/regions/500000/status"))
            .GetProperty("openIncidents").GetInt32() == Incidents, "the city's roll-up counts the 3,000", 60_000);

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var session = await silo.SessionFor("operator");
        await context.AddInitScriptAsync($"try {{ sessionStorage.setItem('threesocial.session', JSON.stringify({session})); }} catch {{ }}");
        await context.AddInitScriptAsync(ObserveLongTasks);
        var page = await context.NewPageAsync();
        var errors = new ConcurrentQueue<string>();
        page.PageError += (_, e) => errors.Enqueue(e);

        // First draw: from the navigation's start to the first frame in which all 3,000 are on the map.
        await page.GotoAsync(new Uri(silo.BaseAddress, "/").ToString());
        var firstDraw = await (await page.WaitForFunctionAsync(
            $"() => {{ const d = ({Drawn})(); return d.singles.length + d.clustered >= {Incidents} ? performance.now() : 0; }}",
            null, new PageWaitForFunctionOptions { Timeout = 120_000, PollingInterval = null })).JsonValueAsync<double>();
        await page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 60_000 });

        var atFirstDraw = await AccountFor(page, Incidents);
        var domNodes = await page.EvaluateAsync<int>("() => document.querySelectorAll('#map .leaflet-marker-icon').length");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("storm-city") });

        // Each delta's apply, timed inside the page: the live stream's handling, then the drawing of markers and
        // alerts that the handling left to the next frame (flushed here; a map without it draws inside the handling).
        await page.EvaluateAsync("""
            () => {
              const { city, markers, alerts } = window.threeSocial;
              const apply = city.onDelta.bind(city);
              window.__applies = [];
              city.onDelta = d => {
                const t0 = performance.now();
                apply(d);
                const t1 = performance.now();
                markers?.flush?.();
                const tm = performance.now();
                alerts?.flush?.();
                const t2 = performance.now();
                window.__applies.push({ ms: t2 - t0, handle: t1 - t0, draw: t2 - t1, markers: tm - t1, incidents: d.incidents.length });
              };
            }
            """);
        // More reports, a few a second, while the deltas are counted: each delta brings new incidents (a rebuild).
        using var more = new CancellationTokenSource();
        var next = Incidents;
        var feeding = Task.Run(async () =>
        {
            while (!more.IsCancellationRequested)
            {
                await Task.WhenAll(Report(Interlocked.Increment(ref next) - 1), Report(Interlocked.Increment(ref next) - 1));
                await Task.Delay(150, CancellationToken.None);
            }
        });
        await page.WaitForFunctionAsync($"() => window.__applies.length >= {Deltas}", null, new PageWaitForFunctionOptions { Timeout = 180_000, PollingInterval = 250 });
        more.Cancel();
        await feeding;
        var total = reported;
        await Eventually.True(async () => await page.EvaluateAsync<int>("() => window.threeSocial.incidents.size") == total, $"the map holds all {total}", 30_000);
        await page.EvaluateAsync("() => window.threeSocial.markers?.flush?.()");
        var afterDeltas = await AccountFor(page, total);

        var applies = (await page.EvaluateAsync<double[]>($"() => window.__applies.slice(0, {Deltas}).map(a => a.ms)")).Order().ToArray();
        var handle = (await page.EvaluateAsync<double[]>($"() => window.__applies.slice(0, {Deltas}).map(a => a.handle)")).Order().ToArray();
        var draw = (await page.EvaluateAsync<double[]>($"() => window.__applies.slice(0, {Deltas}).map(a => a.draw)")).Order().ToArray();
        var markersDraw = (await page.EvaluateAsync<double[]>($"() => window.__applies.slice(0, {Deltas}).map(a => a.markers)")).Order().ToArray();
        var perDelta = await page.EvaluateAsync<double>($"() => window.__applies.slice(0, {Deltas}).reduce((n, a) => n + a.incidents, 0) / {Deltas}");
        var longTasks = await page.EvaluateAsync<double[]>($"() => window.__longTasks.filter(t => t.start >= {firstDraw.ToString(CultureInfo.InvariantCulture)}).map(t => t.duration)");
        var line = string.Create(CultureInfo.InvariantCulture,
            $"map storm: {Incidents} incidents reported in {reportSeconds:F1} s; first draw {firstDraw:F0} ms after navigation, " +
            $"{atFirstDraw.Clusters} clusters + {atFirstDraw.Singles} single markers ({domNodes} marker nodes); " +
            $"delta apply over {applies.Length} deltas (~{perDelta:F1} incidents each): p50 {Percentile(applies, 0.50):F2} ms, p95 {Percentile(applies, 0.95):F2} ms, max {applies.Max():F2} ms (handling p50 {Percentile(handle, 0.50):F2} / p95 {Percentile(handle, 0.95):F2} ms, drawing p50 {Percentile(draw, 0.50):F2} / p95 {Percentile(draw, 0.95):F2} ms, of which markers p50 {Percentile(markersDraw, 0.50):F2} / p95 {Percentile(markersDraw, 0.95):F2} ms); " +
            $"long tasks after first draw: {longTasks.Length}, max {(longTasks.Length == 0 ? 0 : longTasks.Max()):F0} ms; " +
            $"bands {atFirstDraw.Bands}; after the deltas {total} incidents in {afterDeltas.Clusters} clusters + {afterDeltas.Singles} singles");
        output.WriteLine(line);
        Console.WriteLine(line);
        Assert.Empty(errors);
    }

    private sealed record Accounting(int Clusters, int Singles, string Bands);

    /// <summary>
    /// Every open incident is drawn exactly once, as a single marker or a cluster's member, and each cluster's count and
    /// band (in the DOM) are those of its members, banded here from their summaries by the service's rule.
    /// </summary>
    private static async Task<Accounting> AccountFor(IPage page, int expected)
    {
        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const config = await (await fetch('/api/v1/dashboard/config')).json();
              const windowMs = config.atRiskWithinMinutes * 60000, now = Date.now();
              const rank = { met: 0, green: 1, amber: 2, red: 3 };
              const band = s => s.firstOnSceneAt ? 'met' : Date.parse(s.respondBy) <= now ? 'red'
                : s.escalated || Date.parse(s.respondBy) - now <= windowMs ? 'amber' : 'green';
              const { incidents, markers } = window.threeSocial;
              const drawn = markers.drawn();
              const seen = new Map();
              for (const id of drawn.singles) seen.set(id, (seen.get(id) ?? 0) + 1);
              const wrong = [];
              const bands = {};
              for (const s of incidents.values()) bands[band(s)] = (bands[band(s)] ?? 0) + 1;
              let mixed = 0;
              for (const c of drawn.clusters) {
                for (const id of c.members) seen.set(id, (seen.get(id) ?? 0) + 1);
                const members = c.members.map(id => incidents.get(id)).filter(s => s);
                const worst = members.map(band).reduce((a, b) => rank[a] >= rank[b] ? a : b, 'met');
                if (new Set(members.map(band)).size > 1) mixed++;
                if (c.count !== c.members.length || c.band !== worst) wrong.push(`${c.count}/${c.members.length} ${c.band} vs ${worst}`);
              }
              const dom = [...document.querySelectorAll('#map .incident-cluster')].map(e => `${e.dataset.count} ${e.dataset.band}`).sort();
              const model = drawn.clusters.map(c => `${c.count} ${c.band}`).sort();
              return {
                incidents: incidents.size, once: [...incidents.keys()].every(id => seen.get(id) === 1), drawnIds: seen.size,
                singlesInDom: document.querySelectorAll('#map .incident[data-incident-id]').length, singles: drawn.singles.length,
                clusters: drawn.clusters.length, domMatches: JSON.stringify(dom) === JSON.stringify(model), wrong, mixed,
                bands: JSON.stringify(bands),
              };
            }
            """);
        Assert.Equal(expected, result.GetProperty("incidents").GetInt32());
        Assert.True(result.GetProperty("once").GetBoolean(), "every incident is drawn exactly once");
        Assert.Equal(expected, result.GetProperty("drawnIds").GetInt32());
        Assert.Equal(result.GetProperty("singles").GetInt32(), result.GetProperty("singlesInDom").GetInt32());
        Assert.True(result.GetProperty("domMatches").GetBoolean(), "the clusters in the DOM are the markers' clusters");
        Assert.Empty(result.GetProperty("wrong").EnumerateArray());
        Assert.True(result.GetProperty("clusters").GetInt32() > 0, "at city zoom the storm clusters");
        Assert.True(result.GetProperty("mixed").GetInt32() > 0, "some cluster has members of different bands, so its worst band was chosen");
        return new Accounting(result.GetProperty("clusters").GetInt32(), result.GetProperty("singles").GetInt32(), result.GetProperty("bands").GetString()!);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
