using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Reports;
using ThreeSocial.Grains.Users;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Dashboard;

/// <summary>The compliance reports page: a street office's week drawn from the service's figures, in both languages, and its CSV.</summary>
public sealed partial class DashboardTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Fact]
    public async Task A_street_office_sees_its_week_of_deadlines_satisfaction_and_misses_drawn_and_downloads_the_same_csv()
    {
        // A week in March 2026, before any other test's incidents, in a street of 北碚 that no other test reports in: the
        // three records below are that week's only ones. The figures' counting is ComplianceWeekTests'; this is the page.
        var street = Catalog.City.Streets.First(s => s.Code.StartsWith("500109", StringComparison.Ordinal)).Code;
        var streetCode = RegionCode.Parse(street);
        var monday = new DateTimeOffset(2026, 3, 2, 10, 0, 0, China);
        ComplianceRecord Record(string id, DateTimeOffset at, ResponseKind response, int? rating, params DeadlineResult[] deadlines) =>
            new(id, street, response == ResponseKind.Emergency ? "elderly-fall" : "welfare-check", response, at, [.. deadlines], rating, false, 1);
        DeadlineResult Met(DeadlineKind kind, DateTimeOffset due) => new(kind, due, due.AddMinutes(-5), DeadlineOutcome.Met, null);
        DeadlineResult Missed(DeadlineKind kind, DateTimeOffset due, MissCause cause) => new(kind, due, null, DeadlineOutcome.Missed, cause);
        var records = new[]
        {
            Record("INC-report-a", monday, ResponseKind.Emergency, 5, Met(DeadlineKind.ReportUp, monday.AddMinutes(15)), Met(DeadlineKind.OnScene, monday.AddHours(2))),
            Record("INC-report-b", monday.AddDays(1), ResponseKind.Emergency, null,
                Missed(DeadlineKind.ReportUp, monday.AddDays(1).AddMinutes(15), MissCause.NotAcknowledged), Missed(DeadlineKind.OnScene, monday.AddDays(1).AddHours(2), MissCause.NoResponderFound)),
            Record("INC-report-c", monday.AddDays(2), ResponseKind.Service, 3,
                Met(DeadlineKind.Feedback, monday.AddDays(3)), Missed(DeadlineKind.Resolve, monday.AddDays(11), MissCause.ResolvedLate)),
        };
        foreach (var r in records)
            await fixture.Silo.Grains.GetGrain<IComplianceDayGrain>(ComplianceDayGrain.KeyFor(streetCode, DateOnly.FromDateTime(r.ReportedAt.DateTime))).Put(r);
        var query = $"region={street}&period=week&date=2026-03-04";
        var office = await fixture.Silo.As(Role.StreetOffice, street);
        await Eventually.True(async () => (await office.GetFromJsonAsync<JsonElement>($"/api/v1/reports/compliance?{query}")).GetProperty("misses").GetArrayLength() == 3,
            "the street's week holds the three records");

        await SignInAs(Role.StreetOffice, street);
        await _page.GotoAsync(new Uri(Base, $"/reports.html?{query}").ToString());
        await _page.WaitForSelectorAsync("#report:not([hidden]) #misses tr[data-incident]", new PageWaitForSelectorOptions { Timeout = 30_000 });

        // The street office answers for its street alone: that is the one area offered.
        Assert.Equal([street], await _page.Locator("#area option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)"));
        Assert.Equal("50.0%", await Figure("reportedUpIn15Minutes"));
        Assert.Equal("50.0%", await Figure("onSceneIn2Hours"));
        Assert.Equal("100.0%", await Figure("answeredIn24Hours"));
        Assert.Equal("0.0%", await Figure("resolvedIn7WorkingDays"));
        Assert.Equal("4.00", await Figure("satisfaction"));
        Assert.Contains("15分钟内上报", await _page.TextContentAsync("#summary"));

        // One line per deadline, one point per day of the week; a day that decided nothing is a gap, not a 0.
        var shares = await _page.EvaluateAsync<JsonElement>("() => echarts.getInstanceByDom(document.getElementById('chart-shares')).getOption().series.map(s => s.data)");
        Assert.Equal(
            """[[100,0,null,null,null,null,null],[100,0,null,null,null,null,null],[null,null,100,null,null,null,null],[null,null,0,null,null,null,null]]""",
            shares.GetRawText());
        var causes = await _page.EvaluateAsync<string>("() => { const o = echarts.getInstanceByDom(document.getElementById('chart-causes')).getOption(); return JSON.stringify({ names: o.yAxis[0].data, counts: o.series[0].data }); }");
        Assert.Equal("""{"names":["无人可派","街道未接报","办结超时"],"counts":[1,1,1]}""", causes);
        Assert.Equal(["INC-report-b:NotAcknowledged", "INC-report-b:NoResponderFound", "INC-report-c:ResolvedLate"],
            await _page.Locator("#misses tr[data-incident]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.incident + ':' + r.dataset.cause)"));
        await _page.Locator("#report").ScreenshotAsync(new LocatorScreenshotOptions { Path = BrowserFixture.ScreenshotPath("compliance-report") });

        // In English, the same figures with English words, redrawn without asking the service again.
        await _page.ClickAsync("#language");
        Assert.Contains("Reported up within 15 min", await _page.TextContentAsync("#summary"));
        Assert.Contains("Not acknowledged", await _page.TextContentAsync("#misses"));
        Assert.Equal("50.0%", await Figure("reportedUpIn15Minutes"));

        // The CSV downloaded is the service's own, byte for byte.
        var download = await _page.RunAndWaitForDownloadAsync(() => _page.ClickAsync("#csv-misses"));
        Assert.Equal($"compliance-{street}-week-2026-03-02-misses.csv", download.SuggestedFilename);
        var saved = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Equal(await office.GetStringAsync($"/api/v1/reports/compliance?{query}&format=csv&table=misses"), saved);
        Assert.Equal(3, saved.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1);
        Assert.Empty(_pageErrors);
    }

    private async Task<string?> Figure(string deadline) => await _page.TextContentAsync($"#summary li[data-deadline='{deadline}'] b");
}
