using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Responders;
using ThreeSocial.Tests.Phone;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Dashboard;

/// <summary>
/// "Chinese throughout" (#13): in Chinese mode the drawer, the alert feed and the worker's page show no English sentence.
/// An English sentence is what <see cref="EnglishSentences"/> finds: two or more purely alphabetic ASCII words of two
/// letters or more in a row. What passes it on purpose: ids and codes (INC-…, ALT-…, responder ids, stockpile ids,
/// region codes: hyphenated or with digits), single words ("English" on the language button) and numbers with units.
/// What is taken out before it looks, by exact text: what people typed (<see cref="Typed"/>), which stays as typed.
/// </summary>
public sealed partial class DashboardTests
{
    // What people type, and which the service shows back as it was typed: the description in Chinese, the decline reason
    // in Chinese, the resolution note in English on purpose (an English sentence the detector must be told to skip).
    private const string Description = "老人外出散步未归，家属联系不上";
    private const string DeclineReason = "家中老人生病走不开";
    private const string ResolutionNote = "Found him at the bus station, safe and well";
    private static readonly string[] Typed = [Description, DeclineReason, ResolutionNote];

    [Fact]
    public async Task In_Chinese_mode_the_drawer_the_alert_feed_and_the_workers_page_have_no_English_sentence()
    {
        // 巫溪, where no other test sends anyone: this incident's people are this test's alone.
        var volunteer = Catalog.City.Responders.First(r => r.Role == ResponderRole.Volunteer && r.HomeCommunity.StartsWith("500238", StringComparison.Ordinal));
        var community = volunteer.HomeCommunity;
        var grid = Catalog.City.Grids.First(g => g.Code.StartsWith(community, StringComparison.Ordinal));
        var worker = Catalog.City.Responders.First(r => r.Id == grid.Code + "-GW01");
        var scene = grid.Area.InteriorPoint;
        var site = Catalog.City.Stockpiles.First(s => s.OwnerCode.Length == 12 && s.OwnerCode.StartsWith("500238", StringComparison.Ordinal));

        // The worker's phone, in Chinese (the default).
        await SignInAs(await fixture.Silo.PhoneOf(worker));
        await _page.SetViewportSizeAsync(400, 860);
        await _page.GotoAsync(new Uri(Base, "/worker.html").ToString());
        await _page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await _page.WaitForSelectorAsync("#network[data-status=live]", new PageWaitForSelectorOptions { Timeout = 10_000 });
        Assert.Equal("zh-CN", await _page.GetAttributeAsync("html", "lang"));

        // The command centre's map, in Chinese, in a browser of its own.
        await using var operatorContext = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await operatorContext.AddInitScriptAsync($"try {{ sessionStorage.setItem('threesocial.session', JSON.stringify({await fixture.Silo.SessionFor("operator")})); }} catch {{ }}");
        var map = await operatorContext.NewPageAsync();
        map.PageError += (_, error) => _pageErrors.Add(error);
        await map.GotoAsync(new Uri(Base, "/").ToString());
        await map.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Equal("zh-CN", await map.GetAttributeAsync("html", "lang"));

        try
        {
            // A missing person needs a grid worker and three volunteers. Only one volunteer is on duty: they are sent, and
            // the grid worker nobody can fill is escalated (the no-responder alert).
            await fixture.Silo.Grains.GetGrain<IResponderGrain>(volunteer.Id).SetDuty(true, "test");
            var created = await fixture.Silo.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents")
            {
                Headers = { { "Idempotency-Key", Keys.New("chinese") } },
                Content = JsonContent.Create(new { subtype = "person-missing", severity = "Serious", longitude = scene.X, latitude = scene.Y, description = Description, people = new { count = 1, elderlyLivingAlone = true } }),
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            await Eventually.True(async () => Assigned(await fixture.Silo.Http.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}"), volunteer.Id),
                $"the volunteer is dispatched: {await fixture.Silo.Http.GetStringAsync($"/api/v1/incidents/{id}")}");

            // The grid worker comes on duty on this page; the volunteer declines on their phone, and the service sends
            // the grid worker, whose page shows the assignment.
            await _page.ClickAsync("#on-duty");
            await _page.WaitForSelectorAsync("#duty[data-state=Available]", new PageWaitForSelectorOptions { Timeout = 10_000 });
            using (var phone = await fixture.Silo.SignedIn(await fixture.Silo.PhoneOf(volunteer), RunningSilo.Password))
            {
                using var declined = await phone.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/incidents/{id}/assignments/{volunteer.Id}/refusal")
                {
                    Headers = { { "Idempotency-Key", Keys.New("chinese-decline") } },
                    Content = JsonContent.Create(new { reason = DeclineReason }),
                });
                Assert.True(declined.IsSuccessStatusCode, await declined.Content.ReadAsStringAsync());
            }
            await _page.WaitForSelectorAsync($"#assignment[data-incident-id='{id}'][data-status=Dispatched]", new PageWaitForSelectorOptions { Timeout = 10_000 });
            await _page.ClickAsync("#accept:visible", new PageClickOptions { Timeout = 5_000 });
            await _page.ClickAsync("#en-route:visible", new PageClickOptions { Timeout = 5_000 });
            await _page.WaitForSelectorAsync("#assignment[data-status=EnRoute]:not(:has-text('待发送'))", new PageWaitForSelectorOptions { Timeout = 10_000 });
            await _page.ClickAsync("#on-scene:visible", new PageClickOptions { Timeout = 5_000 });
            await _page.WaitForSelectorAsync("#duty[data-state=OnScene]", new PageWaitForSelectorOptions { Timeout = 10_000 });

            // The community's stockpile falls below a minimum: a stock alert. (Every minimum at 0 first: the test city's
            // stock may start low, and an alert whose words do not change says nothing new.)
            foreach (var category in ThreeSocial.Grains.Stockpiles.SupplyCatalog.Load().All)
                await SetMinimum(site.Id, category.Code, 0);
            await SetMinimum(site.Id, "3010101", 1_000_000);

            // The worker's page, with its assignment on scene: Chinese, then the same page in English.
            var workerZh = await _page.InnerTextAsync("body");
            await _page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("worker-chinese"), FullPage = true });
            await _page.ClickAsync("#language");
            await _page.WaitForSelectorAsync("#assignment:has-text('On scene')", new PageWaitForSelectorOptions { Timeout = 10_000 });
            await _page.WaitForFunctionAsync("() => document.querySelector('#time-bank').hidden || document.querySelector('#time-bank h2').textContent === 'My time bank'");
            var workerEn = await _page.InnerTextAsync("body");

            // Resolved with a note typed by a person.
            using var resolved = await fixture.Silo.Http.PostAsJsonAsync($"/api/v1/incidents/{id}/resolution", new { note = ResolutionNote, satisfaction = 5 });
            Assert.True(resolved.IsSuccessStatusCode, await resolved.Content.ReadAsStringAsync());
            var incident = await fixture.Silo.Http.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}");
            var kinds = incident.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToHashSet();
            Assert.Superset(new HashSet<string?> { "Reported", "ReportedUp", "Dispatched", "Escalated", "Released", "Accepted", "EnRoute", "OnScene", "Resolved" }, kinds);

            // The alert feed has the escalation and the stock alert; a click on the escalation opens the drawer.
            await map.WaitForSelectorAsync($"#alerts li[data-subject='{id}']", new PageWaitForSelectorOptions { Timeout = 10_000 });
            await map.WaitForSelectorAsync($"#alerts li[data-subject='{site.Id}']", new PageWaitForSelectorOptions { Timeout = 10_000 });
            await map.ClickAsync($"#alerts li[data-subject='{id}']");
            await map.WaitForSelectorAsync("#drawer .timeline li:has-text('已处置')", new PageWaitForSelectorOptions { Timeout = 10_000 });
            var drawerZh = await map.InnerTextAsync("#drawer");
            var feedZh = await map.InnerTextAsync("#alerts");
            await map.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("map-chinese") });

            // The data is there, in Chinese words: every kind of line, the people, the alerts.
            foreach (var word in new[] { "已上报", "已报送街道", "已派遣", "已升级", "已释放", "已接单", "在途", "已到场", "已处置", "网格员", "志愿者", "调度" })
                Assert.Contains(word, drawerZh);
            Assert.Contains(ResolutionNote, drawerZh); // typed text stays as typed
            Assert.Contains("无人可派", feedZh);
            Assert.Contains("低于最低库存", feedZh);

            // The same pages in English: the same detector finds English sentences, in what the pages write and in
            // what the service writes (the drawer is read again, the feed shows each alert's English details).
            await map.ClickAsync("#language");
            await map.WaitForSelectorAsync("#drawer .timeline li:has-text('Reported up')", new PageWaitForSelectorOptions { Timeout = 10_000 });
            var drawerEn = await map.InnerTextAsync("#drawer");
            var feedEn = await map.InnerTextAsync("#alerts");

            Assert.NotEmpty(English(drawerEn));
            Assert.Contains("Reported up", drawerEn);
            Assert.NotEmpty(English(feedEn));
            Assert.Contains("Nobody to send", feedEn);
            Assert.NotEmpty(English(workerEn));
            Assert.Contains("On scene", workerEn);

            // Needs are codes in the English notes (a pick "for 'Volunteer'", "1 × GridWorker") and words in the Chinese ones.
            string[] needs = ["GridWorker", "Volunteer", "first-aid", "elderly-care", "psychological-support"];
            Assert.Contains(needs, n => drawerEn.Contains(n, StringComparison.Ordinal));
            Assert.DoesNotContain(needs, n => drawerZh.Contains(n, StringComparison.Ordinal) || feedZh.Contains(n, StringComparison.Ordinal));

            // In Chinese mode, none.
            Console.WriteLine($"[zh] drawer:\n{drawerZh}\n[zh] alert feed:\n{feedZh}\n[zh] worker's page:\n{workerZh}");
            var found = new Dictionary<string, IReadOnlyList<string>>
            {
                ["drawer"] = English(drawerZh), ["alert feed"] = English(feedZh), ["worker's page"] = English(workerZh),
            };
            Assert.True(found.Values.All(f => f.Count == 0),
                "English in Chinese mode:\n" + string.Join("\n", found.Where(f => f.Value.Count > 0).Select(f => $"{f.Key}: {string.Join(" | ", f.Value.Distinct())}")));
        }
        finally
        {
            await fixture.Silo.Grains.GetGrain<IResponderGrain>(worker.Id).SetDuty(false, "test cleanup");
            await fixture.Silo.Grains.GetGrain<IResponderGrain>(volunteer.Id).SetDuty(false, "test cleanup");
        }
        Assert.Empty(_pageErrors);
    }

    /// <summary>The English sentences of a page's text, once what people typed is taken out.</summary>
    private static IReadOnlyList<string> English(string text) =>
        EnglishSentences.In(Typed.Aggregate(text, (left, typed) => left.Replace(typed, " ", StringComparison.Ordinal)));

    private async Task SetMinimum(string stockpile, string category, int minimum)
    {
        using var response = await fixture.Silo.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/stockpiles/{stockpile}/minimum-levels")
        {
            Headers = { { "Idempotency-Key", Keys.New("chinese-minimum") } },
            Content = JsonContent.Create(new { category, minimum }),
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static bool Assigned(JsonElement incident, string responderId) =>
        incident.GetProperty("assignments").EnumerateArray().Any(a => a.GetProperty("responderId").GetString() == responderId);
}
