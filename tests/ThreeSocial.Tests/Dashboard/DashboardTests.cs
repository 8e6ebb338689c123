using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Users;
using ThreeSocial.Tests.Api;
using ThreeSocial.Tests.Phone;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Dashboard;

/// <summary>The operator's map and the grid worker's page, in a real headless Chromium against the real silo.</summary>
[Collection(CitySiloCollection.Name)]
[Trait("Category", TestCategory.Browser)]
public sealed partial class DashboardTests(RegionsSiloFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly BrowserFixture _browser = browser;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    private Uri Base => fixture.Silo.Http.BaseAddress!;
    private RegionCatalog Catalog => fixture.Silo.Services.GetRequiredService<RegionCatalog>();

    public async Task InitializeAsync()
    {
        _context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        _page = await _context.NewPageAsync();
        _page.PageError += (_, error) => _pageErrors.Add(error);
        _page.Console += (_, message) => Console.WriteLine($"[browser] {message.Type}: {message.Text}");
    }

    private readonly List<string> _pageErrors = [];
    private bool _signedIn;

    public async Task DisposeAsync() => await _context.CloseAsync();

    /// <summary>Puts a signed-in session in the tab's storage before any page script runs, as the sign-in form would.</summary>
    private async Task SignInAs(string userName)
    {
        var session = await fixture.Silo.SessionFor(userName);
        await _context.AddInitScriptAsync($"try {{ sessionStorage.setItem('threesocial.session', JSON.stringify({session})); }} catch {{ }}");
    }

    private async Task<string> SignInAs(Role role, string jurisdiction)
    {
        await fixture.Silo.As(role, jurisdiction);
        var name = RunningSilo.NameFor(role, jurisdiction);
        await SignInAs(name);
        return name;
    }

    private async Task OpenMap(string user = "operator")
    {
        if (!_signedIn) await SignInAs(user);
        _signedIn = true;
        await _page.GotoAsync(new Uri(Base, "/").ToString());
        await _page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 30_000 });
    }

    /// <summary>
    /// Where incidents crowd, the map clusters them (other tests' incidents share this silo); from zoom 16 each is its
    /// own marker, which is what these tests read and click.
    /// </summary>
    private async Task ZoomTo(double longitude, double latitude) =>
        await _page.EvaluateAsync($"() => {{ window.threeSocial.map.setView([{latitude}, {longitude}], 16, {{ animate: false }}); }}");

    [Fact]
    public async Task The_map_draws_the_38_districts_and_streams_live()
    {
        await OpenMap();

        var districts = await _page.EvaluateAsync<int>("() => { let n = 0; window.threeSocial.map.eachLayer(l => { if (l.feature?.properties?.level === 'district') n++; }); return n; }");
        Assert.Equal(38, districts);
        Assert.Equal("live", await _page.GetAttributeAsync("#status", "data-state"));
        Assert.Equal("zh-CN", await _page.GetAttributeAsync("html", "lang")); // Chinese by default
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("city-map") });
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task A_reported_incident_appears_with_its_countdown_within_2_seconds_and_its_drawer_shows_the_timeline()
    {
        await OpenMap();
        var scene = Catalog.City.Communities.First(c => c.Code.StartsWith("500105", StringComparison.Ordinal)).Area.InteriorPoint;
        await ZoomTo(scene.X, scene.Y);
        var created = await fixture.Silo.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents")
        {
            Headers = { { "Idempotency-Key", Keys.New("map") } },
            Content = JsonContent.Create(new
            {
                subtype = "elderly-fall", severity = "Serious", longitude = scene.X, latitude = scene.Y,
                description = "老人在家中跌倒", people = new { count = 1, elderlyLivingAlone = true },
            }),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var countdown = await _page.WaitForSelectorAsync($"[data-incident-id='{id}'] .countdown", new PageWaitForSelectorOptions { Timeout = 2_000 });
        Assert.Matches(TwoHourCountdown(), await countdown!.TextContentAsync());
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("incident-marker") });
        // Nobody is on duty in the test city: the escalation reaches the alert feed.
        await _page.WaitForSelectorAsync($"#alerts li[data-subject='{id}']", new PageWaitForSelectorOptions { Timeout = 5_000 });

        await _page.ClickAsync($"[data-incident-id='{id}']");
        var timeline = await _page.WaitForSelectorAsync("#drawer .timeline li", new PageWaitForSelectorOptions { Timeout = 5_000 });
        Assert.Contains("已上报", await _page.TextContentAsync("#drawer .timeline")); // the timeline kind in words, in Chinese
        Assert.Contains(id, await _page.TextContentAsync("#drawer h2"));
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("incident-drawer") });
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task Markup_typed_into_a_report_shows_as_text_in_the_drawer_and_runs_nothing()
    {
        await OpenMap();
        var scene = Catalog.City.Communities.First(c => c.Code.StartsWith("500106", StringComparison.Ordinal)).Area.InteriorPoint;
        await ZoomTo(scene.X, scene.Y);
        const string typed = "<img src=x onerror=\"window.injected=1\"><b>水</b>";
        var created = await fixture.Silo.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents")
        {
            Headers = { { "Idempotency-Key", Keys.New("markup") } },
            Content = JsonContent.Create(new { subtype = "welfare-check", severity = "General", longitude = scene.X, latitude = scene.Y, description = typed }),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        await _page.ClickAsync($"[data-incident-id='{id}']", new PageClickOptions { Timeout = 5_000 });
        await _page.WaitForSelectorAsync("#drawer .timeline li", new PageWaitForSelectorOptions { Timeout = 5_000 });

        Assert.Contains(typed, await _page.TextContentAsync("#drawer dl"));
        Assert.Equal(0, await _page.Locator("#drawer dl img, #drawer dl b").CountAsync());
        Assert.False(await _page.EvaluateAsync<bool>("() => 'injected' in window"));
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task Zooming_in_draws_the_streets_then_the_communities_and_grids_and_follows_their_groups()
    {
        await OpenMap();
        var yuzhong = Catalog.Find("500103")!.Area.InteriorPoint;
        const string count = "level => { let n = 0; window.threeSocial.map.eachLayer(l => { if (l.feature?.properties?.level === level) n++; }); return n; }";

        await _page.EvaluateAsync($"() => {{ window.threeSocial.map.setView([{yuzhong.Y}, {yuzhong.X}], 11); }}");
        await _page.WaitForFunctionAsync($"() => ({count})('street') > 0 && window.threeSocial.city.groups.has('500103')");
        Assert.Equal(Catalog.Children("500103").Count, await _page.EvaluateAsync<int>($"({count})", "street"));

        await _page.EvaluateAsync($"() => {{ window.threeSocial.map.setView([{yuzhong.Y}, {yuzhong.X}], 14.5); }}");
        await _page.WaitForFunctionAsync($"() => ({count})('community') > 0 && ({count})('grid') > 0");
        var street = Catalog.Locate(yuzhong.X, yuzhong.Y)!.Street.Code;
        Assert.True(await _page.EvaluateAsync<bool>($"() => window.threeSocial.city.groups.has('{street}') && !window.threeSocial.city.groups.has('500103')"));
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("street-zoom") });
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task English_can_be_chosen_and_is_remembered()
    {
        await OpenMap();
        Assert.Equal("未结事件", await _page.TextContentAsync("[data-i18n=kpiOpen]"));

        await _page.ClickAsync("#language");
        Assert.Equal("Open incidents", await _page.TextContentAsync("[data-i18n=kpiOpen]"));
        await OpenMap();
        Assert.Equal("Open incidents", await _page.TextContentAsync("[data-i18n=kpiOpen]"));
        Assert.Equal("en", await _page.GetAttributeAsync("html", "lang"));
    }

    [Fact]
    public async Task The_grid_worker_page_reports_an_incident_end_to_end()
    {
        // The page's map opens on central Chongqing, and a tap in its middle lands there: the worker's own community.
        var community = Catalog.Locate(106.55, 29.56)!.Community.Code;
        var user = await SignInAs(Role.GridWorker, community);
        await _page.SetViewportSizeAsync(400, 860); // a phone
        await _page.GotoAsync(new Uri(Base, "/worker.html").ToString());
        await _page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 30_000 });

        await _page.SelectOptionAsync("#subtype", "flood");
        await _page.ClickAsync("#pick-map"); // a tap in the middle of the map: central Chongqing
        Assert.Contains("106.", await _page.TextContentAsync("#where"));
        await _page.FillAsync("#people", "4");
        await _page.CheckAsync("#elderly");
        await _page.FillAsync("#description", "地下车库进水");
        await _page.FillAsync("#contact-name", "李桂兰");
        await _page.FillAsync("#contact-phone", "13987654321");
        await _page.ClickAsync("#report button[type=submit]");

        var result = await _page.WaitForSelectorAsync("#report-result[data-incident-id]", new PageWaitForSelectorOptions { Timeout = 10_000 });
        var id = await result!.GetAttributeAsync("data-incident-id");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("worker-reported") });
        var incident = await (await fixture.Silo.As(Role.GridWorker, community)).GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}");
        var report = incident.GetProperty("report");
        Assert.Equal("flood", report.GetProperty("subtype").GetString());
        Assert.Equal(user, report.GetProperty("reporter").GetString()); // the signed-in account, not something the page says
        Assert.Equal("13987654321", report.GetProperty("contact").GetProperty("phone").GetString()); // stored whole
        Assert.Equal(4, report.GetProperty("people").GetProperty("count").GetInt32());
        Assert.True(report.GetProperty("people").GetProperty("elderlyLivingAlone").GetBoolean());

        // A second tap sends the same form again: the service answers it (a replay, 200), and it is the same incident.
        var again = await _page.RunAndWaitForResponseAsync(() => _page.ClickAsync("#report button[type=submit]"),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/api/v1/incidents", StringComparison.Ordinal));
        Assert.Equal(200, again.Status);
        Assert.Equal(id, (await again.JsonAsync())!.Value.GetProperty("id").GetString());
        Assert.Equal(id, await _page.GetAttributeAsync("#report-result", "data-incident-id"));
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task A_grid_worker_goes_on_duty_accepts_the_assignment_the_service_gives_them_and_goes_off_duty_on_the_page()
    {
        // Far from the other tests' incidents (Pengshui), so this worker is the only one who can go.
        var grid = Catalog.City.Grids.First(g => g.Code.StartsWith("500243", StringComparison.Ordinal));
        var worker = Catalog.City.Responders.First(r => r.Id == grid.Code + "-GW01");
        var user = await fixture.Silo.PhoneOf(worker); // the account is this responder's phone: nobody types an id
        await SignInAs(user);
        await _page.SetViewportSizeAsync(400, 860);
        await _page.GotoAsync(new Uri(Base, "/worker.html").ToString());
        await _page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Equal(worker.Id, await _page.TextContentAsync("#me"));
        try
        {
            await _page.ClickAsync("#on-duty");
            await _page.WaitForSelectorAsync("#duty[data-state=Available]", new PageWaitForSelectorOptions { Timeout = 5_000 });

            var scene = grid.Area.InteriorPoint;
            var created = await fixture.Silo.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents")
            {
                Headers = { { "Idempotency-Key", Keys.New("worker-duty") } },
                Content = JsonContent.Create(new { subtype = "welfare-check", severity = "General", longitude = scene.X, latitude = scene.Y, description = "独居老人两天未出门" }),
            });
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            await Eventually.True(async () => (await fixture.Silo.Http.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}"))
                .GetProperty("assignments").EnumerateArray().Any(a => a.GetProperty("responderId").GetString() == worker.Id), "the worker is dispatched");

            await _page.ClickAsync("#accept:visible", new PageClickOptions { Timeout = 5_000 });
            await _page.ClickAsync("#on-scene:visible", new PageClickOptions { Timeout = 5_000 });
            await _page.WaitForSelectorAsync("#duty[data-state=OnScene]", new PageWaitForSelectorOptions { Timeout = 5_000 });
            await _page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("worker-on-scene") });
            var incident = await fixture.Silo.Http.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}");
            Assert.Equal("OnScene", incident.GetProperty("stage").GetString());
            Assert.Contains(incident.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "Accepted" && e.GetProperty("actor").GetString() == user);
        }
        finally
        {
            await fixture.Silo.Grains.GetGrain<ThreeSocial.Grains.Responders.IResponderGrain>(worker.Id).SetDuty(false, "test cleanup");
        }
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task A_district_operator_signs_in_on_the_form_sees_only_their_district_with_residents_contacts_masked_and_signs_out()
    {
        await fixture.Silo.As(Role.Operator, "500105");
        var scene = Catalog.City.Communities.First(c => c.Code.StartsWith("500105", StringComparison.Ordinal)).Area.InteriorPoint;
        var gridWorker = await fixture.Silo.As(Role.GridWorker, Catalog.Locate(scene.X, scene.Y)!.Community.Code);
        var created = await gridWorker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents")
        {
            Headers = { { "Idempotency-Key", Keys.New("masked") } },
            Content = JsonContent.Create(new
            {
                subtype = "elderly-illness", severity = "Serious", longitude = scene.X, latitude = scene.Y, description = "胸闷气短",
                contact = new { name = "张淑芬", phone = "13611112222", address = "解放西路12号" },
            }),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        await _page.GotoAsync(new Uri(Base, "/").ToString());
        await _page.FillAsync("#sign-in [name=userName]", RunningSilo.NameFor(Role.Operator, "500105"));
        await _page.FillAsync("#sign-in [name=password]", "not the password");
        await _page.ClickAsync("#sign-in button");
        await _page.WaitForSelectorAsync("#sign-in [role=status].error");
        await _page.FillAsync("#sign-in [name=password]", RunningSilo.Password);
        await _page.ClickAsync("#sign-in button");
        await _page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 30_000 });

        Assert.True(await _page.EvaluateAsync<bool>("() => window.threeSocial.city.groups.has('500105') && !window.threeSocial.city.groups.has('500000')"));
        await ZoomTo(scene.X, scene.Y);
        // Other tests report at the same point, so another marker may lie on top of this one: click this one itself.
        await _page.WaitForSelectorAsync($"[data-incident-id='{id}']", new PageWaitForSelectorOptions { Timeout = 5_000 });
        await _page.DispatchEventAsync($"[data-incident-id='{id}']", "click");
        var contact = await _page.WaitForSelectorAsync("#drawer [data-field=contact]", new PageWaitForSelectorOptions { Timeout = 5_000 });
        var shown = await contact!.TextContentAsync();
        Assert.Contains("136****2222", shown);
        Assert.DoesNotContain("张淑芬", shown);
        Assert.DoesNotContain("解放西路", shown);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("district-operator") });

        await _page.ClickAsync("header button[data-i18n=signOut]");
        await _page.WaitForSelectorAsync("#sign-in");
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task An_administrators_map_has_the_base_map_and_says_it_has_no_live_view()
    {
        await SignInAs("admin");
        _signedIn = true;
        await OpenMap();

        Assert.Equal(38, await _page.EvaluateAsync<int>("() => { let n = 0; window.threeSocial.map.eachLayer(l => { if (l.feature?.properties?.level === 'district') n++; }); return n; }"));
        Assert.Equal("none", await _page.GetAttributeAsync("#status", "data-state"));
        Assert.Equal(0, await _page.EvaluateAsync<int>("() => window.threeSocial.city.groups.size"));
        Assert.Empty(_pageErrors);
    }

    [GeneratedRegex(@"^1:5\d:\d\d$")]
    private static partial Regex TwoHourCountdown();
}
