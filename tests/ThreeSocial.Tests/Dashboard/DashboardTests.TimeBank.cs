using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.TimeBank;
using ThreeSocial.Grains.Users;
using ThreeSocial.Tests.Phone;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Dashboard;

/// <summary>The volunteer's balance on their phone.</summary>
public sealed partial class DashboardTests
{
    [Fact]
    public async Task A_volunteers_phone_shows_their_time_bank_balance_and_the_hours_awaiting_the_street_office()
    {
        // 彭水, where no other test sends anyone: this volunteer's ledger is this test's alone.
        var volunteer = Catalog.City.Responders.First(r => r.Role == ResponderRole.Volunteer && r.HomeCommunity.StartsWith("500243", StringComparison.Ordinal));
        var now = DateTimeOffset.UtcNow;
        await fixture.Silo.Grains.GetGrain<ITimeBankGrain>(volunteer.Id).Credit(new HoursCredit("C-INC-browser#1", "INC-browser", "meal-delivery", now.AddMinutes(-90), now, 60));
        await SignInAs(await fixture.Silo.PhoneOf(volunteer));
        await _page.SetViewportSizeAsync(400, 860);
        await _page.GotoAsync(new Uri(Base, "/worker.html").ToString());

        await _page.WaitForSelectorAsync("#time-bank:not([hidden]) #balance-hours", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Equal("1", await _page.TextContentAsync("#balance-hours"));
        Assert.Contains("0.5", await _page.TextContentAsync("#pending-hours"));
        Assert.Equal(["Credit"], await _page.Locator("#time-bank-entries li").EvaluateAllAsync<string[]>("items => items.map(li => li.dataset.kind)"));
        await _page.Locator("#time-bank").ScreenshotAsync(new LocatorScreenshotOptions { Path = BrowserFixture.ScreenshotPath("worker-time-bank") });
        // The line's note is the service's, in the page's language: Chinese first, read again in English on a switch.
        Assert.Contains("INC-browser（助餐送餐）：在场 1.5 小时，按预计时长记入 1 小时，0.5 小时待街道审批", await _page.TextContentAsync("#time-bank-entries li"));
        await _page.ClickAsync("#language");
        await _page.WaitForSelectorAsync("#time-bank-entries li:has-text('meal-delivery at INC-browser: 1.5 h on scene')", new PageWaitForSelectorOptions { Timeout = 10_000 });
        Assert.DoesNotContain("助餐送餐", await _page.TextContentAsync("#time-bank-entries li"));

        // The community records an exchange; the phone shows it on refresh.
        var grid = await fixture.Silo.As(Role.GridWorker, volunteer.HomeCommunity);
        using var redeemed = await grid.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/communities/{volunteer.HomeCommunity}/time-bank/redemptions")
        {
            Headers = { { "Idempotency-Key", Keys.New("browser-redeem") } },
            Content = JsonContent.Create(new { responderId = volunteer.Id, hours = 0.5, what = "理发" }),
        });
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        await _page.ClickAsync("#time-bank-refresh");
        await _page.WaitForSelectorAsync("#balance-hours:text-is('0.5')", new PageWaitForSelectorOptions { Timeout = 10_000 });
        Assert.Equal(["Redemption", "Credit"], await _page.Locator("#time-bank-entries li").EvaluateAllAsync<string[]>("items => items.map(li => li.dataset.kind)"));
    }
}
