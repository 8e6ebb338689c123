using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.TimeBank;
using ThreeSocial.Grains.Users;
using ThreeSocial.Tests.Api;
using ThreeSocial.Tests.Phone;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.TimeBank;

/// <summary>The time bank over real HTTP: who sees and records what, the problem answers, and nothing changed by a refusal.</summary>
[Collection(CitySiloCollection.Name)]
[Trait("Category", TestCategory.Api)]
public sealed class TimeBankApiTests(RegionsSiloFixture fixture)
{
    private RegionCatalog Catalog => fixture.Silo.Services.GetRequiredService<RegionCatalog>();

    private static HttpRequestMessage Post(string url, object body, string? key = null) => new(HttpMethod.Post, url)
    {
        Headers = { { "Idempotency-Key", key ?? Keys.New("tb") } },
        Content = JsonContent.Create(body),
    };

    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static double Balance(JsonElement ledger) => ledger.GetProperty("totals").GetProperty("balanceHours").GetDouble();

    [Fact]
    public async Task A_community_records_exchanges_within_the_balance_the_street_approves_extra_hours_and_the_volunteer_sees_their_own()
    {
        var volunteers = Catalog.City.Responders.Where(r => r.Role == ResponderRole.Volunteer && r.HomeCommunity.StartsWith("500108", StringComparison.Ordinal)).ToList();
        var volunteer = volunteers[^1];
        var neighbour = volunteers.First(r => r.HomeCommunity == volunteer.HomeCommunity && r.Id != volunteer.Id);
        var street = RegionCode.Parse(volunteer.HomeCommunity).Street.ToString();
        var now = DateTimeOffset.UtcNow;
        // Two hours on scene at a meal delivery (expected 1 h), as the incident would send it.
        await fixture.Silo.Grains.GetGrain<ITimeBankGrain>(volunteer.Id).Credit(new HoursCredit("C-INC-api#1", "INC-api", "meal-delivery", now.AddHours(-2), now, 60));
        var grid = await fixture.Silo.As(Role.GridWorker, volunteer.HomeCommunity);
        var office = await fixture.Silo.As(Role.StreetOffice, street);
        var ledgerUrl = $"/api/v1/responders/{volunteer.Id}/time-bank";
        var redeemUrl = $"/api/v1/communities/{volunteer.HomeCommunity}/time-bank/redemptions";

        var held = await grid.GetFromJsonAsync<JsonElement>(ledgerUrl);
        Assert.Equal((1.0, 1.0), (Balance(held), held.GetProperty("totals").GetProperty("pendingHours").GetDouble()));

        // Only the street office approves the extra hour; a grid worker may not.
        Assert.Equal(HttpStatusCode.Forbidden, (await grid.SendAsync(Post($"{ledgerUrl}/approvals", new { creditId = "C-INC-api#1" }))).StatusCode);
        var approved = await office.SendAsync(Post($"{ledgerUrl}/approvals", new { creditId = "C-INC-api#1" }));
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(2.0, Balance(await Json(approved)));

        // More than the balance: 409 with problem details, and the ledger is as it was.
        var before = await grid.GetStringAsync(ledgerUrl);
        var overdraw = await grid.SendAsync(Post(redeemUrl, new { responderId = volunteer.Id, hours = 2.5, what = "理发 (a haircut)" }));
        Assert.Equal(HttpStatusCode.Conflict, overdraw.StatusCode);
        Assert.Equal("application/problem+json", overdraw.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await grid.GetStringAsync(ledgerUrl));

        // The control: within the balance it is taken, and its resend (same key) only once.
        var key = Keys.New("tb-spend");
        var spent = await grid.SendAsync(Post(redeemUrl, new { responderId = volunteer.Id, hours = 1.5, what = "理发 (a haircut)" }, key));
        Assert.Equal(HttpStatusCode.OK, spent.StatusCode);
        var again = await grid.SendAsync(Post(redeemUrl, new { responderId = volunteer.Id, hours = 1.5, what = "理发 (a haircut)" }, key));
        Assert.Equal(0.5, Balance(await Json(again)));

        // A volunteer of another community is not this community's to record; a code outside the jurisdiction is refused.
        var elsewhere = Catalog.City.Responders.First(r => r.Role == ResponderRole.Volunteer && r.HomeCommunity != volunteer.HomeCommunity);
        var wrong = await grid.SendAsync(Post(redeemUrl, new { responderId = elsewhere.Id, hours = 0.1, what = "rice" }));
        Assert.Equal((HttpStatusCode.BadRequest, "responderId"), (wrong.StatusCode, (await Json(wrong)).GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden,
            (await grid.SendAsync(Post($"/api/v1/communities/{elsewhere.HomeCommunity}/time-bank/redemptions", new { responderId = elsewhere.Id, hours = 0.1, what = "rice" }))).StatusCode);

        // The volunteer's phone sees their own ledger, not a neighbour's, and records no exchanges.
        var phone = await fixture.Silo.SignedIn(await fixture.Silo.PhoneOf(volunteer), RunningSilo.Password);
        Assert.Equal(0.5, Balance(await phone.GetFromJsonAsync<JsonElement>(ledgerUrl)));
        Assert.Equal(HttpStatusCode.Forbidden, (await phone.GetAsync($"/api/v1/responders/{neighbour.Id}/time-bank")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await phone.SendAsync(Post(redeemUrl, new { responderId = volunteer.Id, hours = 0.1, what = "rice" }))).StatusCode);
        Assert.Equal(0.5, Balance(await phone.GetFromJsonAsync<JsonElement>(ledgerUrl)));

        // The community and its street list their volunteers' hours.
        var community = await grid.GetFromJsonAsync<JsonElement>($"/api/v1/regions/{volunteer.HomeCommunity}/time-bank");
        var listed = community.GetProperty("volunteers").EnumerateArray().Single(v => v.GetProperty("responderId").GetString() == volunteer.Id);
        Assert.Equal((2.0, 1.5, 0.5), (listed.GetProperty("creditedHours").GetDouble(), listed.GetProperty("redeemedHours").GetDouble(), listed.GetProperty("balanceHours").GetDouble()));
        Assert.Equal(volunteers.Count(v => v.HomeCommunity == volunteer.HomeCommunity), community.GetProperty("volunteers").GetArrayLength());
        var streetView = await office.GetFromJsonAsync<JsonElement>($"/api/v1/regions/{street}/time-bank");
        Assert.Contains(streetView.GetProperty("volunteers").EnumerateArray(), v => v.GetProperty("responderId").GetString() == volunteer.Id);
        Assert.True(streetView.GetProperty("totals").GetProperty("creditedHours").GetDouble() >= 2.0);
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.Silo.Http.GetAsync("/api/v1/regions/500108/time-bank")).StatusCode); // a district: not listed
    }

    [Fact]
    public async Task Ledger_notes_are_chinese_by_default_and_as_they_always_were_in_english()
    {
        var volunteer = Catalog.City.Responders.First(r => r.Role == ResponderRole.Volunteer && !r.HomeCommunity.StartsWith("500108", StringComparison.Ordinal));
        var street = RegionCode.Parse(volunteer.HomeCommunity).Street.ToString();
        var now = DateTimeOffset.UtcNow;
        await fixture.Silo.Grains.GetGrain<ITimeBankGrain>(volunteer.Id).Credit(new HoursCredit("C-INC-lang#1", "INC-lang", "meal-delivery", now.AddHours(-2), now, 60));
        var grid = await fixture.Silo.As(Role.GridWorker, volunteer.HomeCommunity);
        var office = await fixture.Silo.As(Role.StreetOffice, street);
        var ledgerUrl = $"/api/v1/responders/{volunteer.Id}/time-bank";
        static HttpRequestMessage In(HttpRequestMessage request, string? language)
        {
            if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
            return request;
        }
        async Task<(string Raw, string[] Notes)> Read(string? language)
        {
            var raw = await (await grid.SendAsync(In(new HttpRequestMessage(HttpMethod.Get, ledgerUrl), language))).Content.ReadAsStringAsync();
            return (raw, [.. JsonDocument.Parse(raw).RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("note").GetString()!)]);
        }

        const string CreditZh = "INC-lang（助餐送餐）：在场 2 小时，按预计时长记入 1 小时，1 小时待街道审批";
        const string CreditEn = "meal-delivery at INC-lang: 2 h on scene, 1 h credited (the expected duration), 1 h awaiting the street office";
        Assert.Equal([CreditZh], (await Read(null)).Notes);
        Assert.Equal([CreditZh], (await Read("zh-CN,zh;q=0.9")).Notes);
        Assert.Equal([CreditEn], (await Read("en-US,en;q=0.9")).Notes);
        Assert.DoesNotContain("\"said\"", (await Read(null)).Raw, StringComparison.Ordinal); // the facts stay in the ledger

        // The answer to a write speaks the caller's language too; what the community typed is shown as typed in both.
        var approved = await office.SendAsync(In(Post($"{ledgerUrl}/approvals", new { creditId = "C-INC-lang#1" }), "en"));
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("1 h above the expected duration approved", (await Json(approved)).GetProperty("entries")[0].GetProperty("note").GetString());
        var spent = await grid.SendAsync(Post($"/api/v1/communities/{volunteer.HomeCommunity}/time-bank/redemptions", new { responderId = volunteer.Id, hours = 0.5, what = "理发 (a haircut)" }));
        Assert.Equal(HttpStatusCode.OK, spent.StatusCode);
        Assert.Equal("理发 (a haircut)", (await Json(spent)).GetProperty("entries")[0].GetProperty("note").GetString());

        Assert.Equal(["理发 (a haircut)", "已批准超出预计时长的 1 小时", CreditZh], (await Read(null)).Notes);
        Assert.Equal(["理发 (a haircut)", "1 h above the expected duration approved", CreditEn], (await Read("en")).Notes);
    }
}
