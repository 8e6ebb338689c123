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

/// <summary>
/// Time alone re-colours the map (#13): an incident crossing into its at-risk window while the service sends nothing
/// turns its single marker amber, and a cluster holding such incidents turns amber too (its band comes back from the
/// clustering worker), and the at-risk KPI counts them. The page's clock (Playwright's) is set to a few seconds before
/// the crossing and then runs at its real pace; the test waits on the DOM.
/// </summary>
[Trait("Category", TestCategory.Browser)]
public sealed class MapBandsInTimeTests(StormSiloFixture fixture, BrowserFixture browser, ITestOutputHelper output)
    : IClassFixture<StormSiloFixture>, IClassFixture<BrowserFixture>
{
    private const int Zoom = 14; // a few kilometres across: two incidents at one place cluster, one 1–4 km away stands alone

    private RegionCatalog Catalog => fixture.Silo.Services.GetRequiredService<RegionCatalog>();

    [Fact]
    public async Task An_incident_crossing_into_its_at_risk_window_turns_its_marker_and_its_cluster_amber_with_nothing_sent()
    {
        var silo = fixture.Silo;
        // Responders on duty in Yuzhong: its welfare checks (one carer, no supplies: this silo has no stock) are
        // dispatched (green), not escalated (amber at once).
        foreach (var r in Catalog.City.Responders.Where(r => r.HomeCommunity.StartsWith("500103", StringComparison.Ordinal)))
            await silo.Grains.GetGrain<IResponderGrain>(r.Id).SetDuty(true, "bands in time");
        var places = Catalog.City.Communities.Where(c => c.Code.StartsWith("500103", StringComparison.Ordinal)).Select(c => c.Area.InteriorPoint).ToList();
        static double Km(NetTopologySuite.Geometries.Point a, NetTopologySuite.Geometries.Point b) =>
            Math.Sqrt(Math.Pow((a.X - b.X) * 111 * Math.Cos(a.Y * Math.PI / 180), 2) + Math.Pow((a.Y - b.Y) * 111, 2));
        var (p, q) = places.SelectMany(a => places.Select(b => (a, b))).First(x => Km(x.a, x.b) is > 1.5 and < 4);

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await context.AddInitScriptAsync($"try {{ sessionStorage.setItem('threesocial.session', JSON.stringify({await silo.SessionFor("operator")})); }} catch {{ }}");
        var page = await context.NewPageAsync();
        var errors = new ConcurrentQueue<string>();
        page.PageError += (_, e) => errors.Enqueue(e);
        await page.Clock.InstallAsync(); // real time, until the test moves it
        await page.GotoAsync(new Uri(silo.BaseAddress, "/").ToString());
        await page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        await page.EvaluateAsync(string.Create(CultureInfo.InvariantCulture, $"() => {{ window.threeSocial.map.setView([{(p.Y + q.Y) / 2}, {(p.X + q.X) / 2}], {Zoom}, {{ animate: false }}); }}"));

        async Task<string> Report(NetTopologySuite.Geometries.Point scene, string n)
        {
            using var created = await silo.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents")
            {
                Headers = { { "Idempotency-Key", Keys.New("bands") } },
                Content = JsonContent.Create(new { subtype = "welfare-check", severity = "General", longitude = scene.X, latitude = scene.Y, description = "探访 " + n }),
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }
        string[] together = [await Report(p, "p1"), await Report(p, "p2")];
        var alone = await Report(q, "q");
        var ids = JsonSerializer.Serialize(together.Append(alone));

        // Dispatched, not escalated: green, a day to go (a service request's feedback deadline).
        try
        {
            await page.WaitForFunctionAsync($"() => {ids}.every(id => {{ const s = window.threeSocial.incidents.get(id); return s && s.stage !== 'Reported' && !s.escalated; }})",
                null, new PageWaitForFunctionOptions { Timeout = 20_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail("not dispatched in time: " + await page.EvaluateAsync<string>($"() => JSON.stringify({ids}.map(id => window.threeSocial.incidents.get(id)))"));
        }
        await page.WaitForSelectorAsync($"#map .incident.green[data-incident-id='{alone}']", new PageWaitForSelectorOptions { Timeout = 10_000 });
        await page.WaitForSelectorAsync("#map .incident-cluster.green[data-count='2']", new PageWaitForSelectorOptions { Timeout = 10_000 });

        // The page's clock to 5 s before the last of the three enters its 30-minute window; from here it runs on.
        var latest = await page.EvaluateAsync<double>($"() => Math.max(...{ids}.map(id => Date.parse(window.threeSocial.incidents.get(id).respondBy)))");
        var config = await silo.Http.GetFromJsonAsync<JsonElement>("/api/v1/dashboard/config");
        var windowMs = config.GetProperty("atRiskWithinMinutes").GetInt32() * 60_000;
        await page.Clock.SetSystemTimeAsync(DateTimeOffset.FromUnixTimeMilliseconds((long)latest - windowMs - 5_000).UtcDateTime);
        // Still green after the jump (they had their chance to be amber already), and from here every delta is noted.
        var before = await page.EvaluateAsync<JsonElement>($$"""
            async () => {
              const { city, markers } = window.threeSocial;
              const apply = city.onDelta.bind(city);
              window.__sent = [];
              city.onDelta = d => { window.__sent.push(...d.incidents.map(s => s.id)); apply(d); };
              const drawn = await markers.drawn();
              return {
                cluster: drawn.clusters.find(c => c.members.length === 2 && {{ids}}.includes(c.members[0]))?.band ?? 'none',
                alone: document.querySelector('#map .incident[data-incident-id="{{alone}}"]')?.dataset.band ?? 'none',
                atRisk: document.getElementById('kpi-at-risk').textContent,
              };
            }
            """);
        Assert.Equal("green", before.GetProperty("cluster").GetString());
        Assert.Equal("green", before.GetProperty("alone").GetString());
        Assert.Equal("0", before.GetProperty("atRisk").GetString());

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await page.WaitForSelectorAsync($"#map .incident.amber[data-incident-id='{alone}']", new PageWaitForSelectorOptions { Timeout = 20_000 });
        await page.WaitForSelectorAsync("#map .incident-cluster.amber[data-count='2']", new PageWaitForSelectorOptions { Timeout = 20_000 });
        await page.WaitForFunctionAsync("() => document.getElementById('kpi-at-risk').textContent === '3'", null, new PageWaitForFunctionOptions { Timeout = 5_000 });
        output.WriteLine($"amber {clock.ElapsedMilliseconds} ms after the page's clock was set 5 s before the crossing");
        Assert.Empty(await page.EvaluateAsync<string[]>($"() => window.__sent.filter(id => {ids}.includes(id))"));
        Assert.Equal(0, await page.Locator("#map .incident-cluster.green, #map .incident.green").CountAsync());
        Assert.Empty(errors);
    }
}
