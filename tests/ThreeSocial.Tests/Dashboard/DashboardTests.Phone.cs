using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ThreeSocial.Tests.Phone;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Dashboard;

/// <summary>The worker's phone page in the mountains: assignments pushed as they happen, changes kept while offline.</summary>
public sealed partial class DashboardTests
{
    [Fact]
    public async Task The_phone_hears_its_assignment_without_asking_keeps_a_report_and_two_steps_made_offline_and_sends_each_once_in_order()
    {
        // 秀山, far from the other tests' incidents: this worker is the one the service sends.
        var grid = Catalog.City.Grids.First(g => g.Code.StartsWith("500241", StringComparison.Ordinal));
        var worker = Catalog.City.Responders.First(r => r.Id == grid.Code + "-GW01");
        var user = await fixture.Silo.PhoneOf(worker);
        await SignInAs(user);
        var scene = grid.Area.InteriorPoint;
        await _context.GrantPermissionsAsync(["geolocation"]);
        await _context.SetGeolocationAsync(new Geolocation { Longitude = (float)scene.X, Latitude = (float)scene.Y });
        var requests = new List<string>();
        _page.Request += (_, r) => requests.Add($"{r.Method} {new Uri(r.Url).AbsolutePath}");
        await _page.SetViewportSizeAsync(400, 860);
        await _page.GotoAsync(new Uri(Base, "/worker.html").ToString());
        await _page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await _page.WaitForSelectorAsync("#network[data-status=live]", new PageWaitForSelectorOptions { Timeout = 10_000 });
        await _page.EvaluateAsync("() => { window.loadedOnce = true; }"); // gone if the page reloads
        var phone = await fixture.Silo.SignedIn(user, RunningSilo.Password);
        try
        {
            await _page.ClickAsync("#on-duty");
            await _page.WaitForSelectorAsync("#duty[data-state=Available]", new PageWaitForSelectorOptions { Timeout = 10_000 });

            // The operator's report: the service sends this worker, and the page shows it without a reload or a poll.
            var created = await fixture.Silo.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents")
            {
                Headers = { { "Idempotency-Key", Keys.New("phone-assigned") } },
                Content = JsonContent.Create(new { subtype = "welfare-check", severity = "General", longitude = scene.X, latitude = scene.Y, description = "独居老人电话无人接听" }),
            });
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            await _page.WaitForSelectorAsync($"#assignment[data-incident-id='{id}'][data-status=Dispatched]", new PageWaitForSelectorOptions { Timeout = 10_000 });
            Assert.True(await _page.EvaluateAsync<bool>("() => window.loadedOnce === true"), "no reload");
            Assert.DoesNotContain(requests, r => r.StartsWith("GET /api/v1/responders/", StringComparison.Ordinal) && !r.Contains("/time-bank", StringComparison.Ordinal)); // the old 15 s poll (the time bank panel reads the balance once)
            Assert.Contains($"GET /api/v1/incidents/{id}", requests); // the one read of what was pushed

            // No network: a report and two steps, kept on the phone and shown as waiting.
            await _context.SetOfflineAsync(true);
            await _page.SelectOptionAsync("#subtype", "elderly-fall");
            await _page.ClickAsync("#locate");
            await _page.WaitForFunctionAsync("() => document.querySelector('#where').textContent.includes('.')");
            const string description = "山路边老人摔倒，手机无信号处上报";
            await _page.FillAsync("#description", description);
            await _page.ClickAsync("#report button[type=submit]");
            await _page.ClickAsync("#accept:visible", new PageClickOptions { Timeout = 5_000 });
            await _page.WaitForSelectorAsync("#en-route:visible", new PageWaitForSelectorOptions { Timeout = 5_000 }); // the acceptance waits in the outbox
            await _page.Locator("#en-route").DblClickAsync(); // a double tap: one step
            await _page.WaitForSelectorAsync("#assignment[data-status=EnRoute]", new PageWaitForSelectorOptions { Timeout = 5_000 });
            var queued = await _page.Locator("#outbox-list li").EvaluateAllAsync<string[][]>(
                "items => items.map(li => [li.dataset.key, li.dataset.kind, li.dataset.step])");
            await _page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("worker-offline-queue") });
            Assert.Equal([["report", ""], ["step", "acceptance"], ["step", "en-route"]], queued.Select(q => new[] { q[1], q[2] }).ToArray());
            var keys = queued.Select(q => q[0]).ToList();
            Assert.Equal(3, keys.Distinct().Count());
            // Kept in the phone's IndexedDB (a reload or a closed tab keeps them), each with its key and exact body.
            var stored = JsonDocument.Parse(await _page.EvaluateAsync<string>(
                "async user => JSON.stringify(await (await idb.openDB(`threesocial-outbox-${user}`)).getAll('outbox'))", user)).RootElement;
            Assert.Equal(keys.Order(), stored.EnumerateArray().Select(e => e.GetProperty("key").GetString()!).Order());
            var reportBody = stored.EnumerateArray().Single(e => e.GetProperty("key").GetString() == keys[0]).GetProperty("body").GetRawText();

            // The service has none of them, though the page tried (the audit log records every change attempted).
            Assert.Contains(requests, r => r == "POST /api/v1/incidents");
            Assert.Empty(await Audited(user, keys));
            var before = await fixture.Silo.Http.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}");
            Assert.Equal("Dispatched", Mine(before, worker.Id).GetProperty("status").GetString());
            Assert.Empty(await Reports(phone, worker.HomeCommunity, "elderly-fall"));

            // The network is back: each arrives once, in the order tapped, with the key it got when tapped.
            await _context.SetOfflineAsync(false);
            await _page.WaitForSelectorAsync("#outbox", new PageWaitForSelectorOptions { State = WaitForSelectorState.Hidden, Timeout = 30_000 });
            var audited = await Audited(user, keys);
            Assert.Equal(keys, audited.Select(e => e.GetProperty("idempotencyKey").GetString()!).ToList());
            Assert.Equal(["/api/v1/incidents", $"/api/v1/incidents/{id}/assignments/{worker.Id}/acceptance", $"/api/v1/incidents/{id}/assignments/{worker.Id}/en-route"],
                audited.Select(e => e.GetProperty("path").GetString()).ToList());
            Assert.All(audited, e => Assert.InRange(e.GetProperty("status").GetInt32(), 200, 201));
            var reports = await Reports(phone, worker.HomeCommunity, "elderly-fall");
            Assert.Single(reports);
            var after = await fixture.Silo.Http.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}");
            var steps = after.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString())
                .Where(k => k is "Accepted" or "EnRoute").ToList();
            Assert.Equal(["Accepted", "EnRoute"], steps);
            await _page.WaitForSelectorAsync("#assignment[data-status=EnRoute]", new PageWaitForSelectorOptions { Timeout = 10_000 });

            // The report's key is the one the service stored it under: sent again with it, it is the same incident, replayed.
            using var replay = await phone.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents")
            {
                Headers = { { "Idempotency-Key", keys[0] } },
                Content = new StringContent(reportBody, System.Text.Encoding.UTF8, "application/json"),
            });
            Assert.True(HttpStatusCode.OK == replay.StatusCode, await replay.Content.ReadAsStringAsync());
            Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
            Assert.Equal(reports[0], (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
            Assert.Single(await Reports(phone, worker.HomeCommunity, "elderly-fall"));
        }
        finally
        {
            await _context.SetOfflineAsync(false);
            await fixture.Silo.Grains.GetGrain<ThreeSocial.Grains.Responders.IResponderGrain>(worker.Id).SetDuty(false, "test cleanup");
        }
        Assert.Empty(_pageErrors);
    }

    private static JsonElement Mine(JsonElement incident, string responderId) =>
        incident.GetProperty("assignments").EnumerateArray().Single(a => a.GetProperty("responderId").GetString() == responderId);

    /// <summary>The audit log's entries of this user carrying these keys, in the order they were stored.</summary>
    private async Task<List<JsonElement>> Audited(string user, IReadOnlyCollection<string> keys)
    {
        using var admin = await fixture.Silo.SignedIn("admin", RunningSilo.Password);
        var page = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?user={user}&take=1000");
        return [.. page.EnumerateArray().Select(n => n.GetProperty("entry"))
            .Where(e => e.GetProperty("idempotencyKey").GetString() is { } key && keys.Contains(key))];
    }

    /// <summary>The ids of the community's open incidents of this subtype.</summary>
    private static async Task<List<string>> Reports(HttpClient client, string community, string subtype)
    {
        var open = await client.GetFromJsonAsync<JsonElement>($"/api/v1/incidents?region={community}");
        return [.. open.EnumerateArray().Where(i => i.GetProperty("subtype").GetString() == subtype).Select(i => i.GetProperty("id").GetString()!)];
    }
}
