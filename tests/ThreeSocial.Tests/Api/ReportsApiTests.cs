using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Calendar;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Users;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Api;

/// <summary>The compliance report and the holiday table over real HTTP (the figures themselves: ComplianceWeekTests).</summary>
[Collection(CitySiloCollection.Name)]
[Trait("Category", TestCategory.Api)]
public sealed class ReportsApiTests(RegionsSiloFixture fixture)
{
    private HttpClient Http => fixture.Silo.Http;
    private RegionCatalog Catalog => fixture.Silo.Services.GetRequiredService<RegionCatalog>();

    [Fact]
    public async Task A_street_s_day_counts_an_acknowledged_report_as_json_and_as_csv_and_a_rating_out_of_range_changes_nothing()
    {
        var scene = Catalog.City.Communities.First(c => c.Code.StartsWith("500105", StringComparison.Ordinal));
        var street = scene.ParentCode!;
        var before = await Day(street);

        var created = await (await Post("/api/v1/incidents", Report("heat-illness", scene), Keys.New("report-api"))).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        (await Http.PostAsync($"/api/v1/incidents/{id}/acknowledgements", null)).EnsureSuccessStatusCode();

        JsonElement after = default;
        await Eventually.True(async () => Count(after = await Day(street), "reportedUpIn15Minutes", "met") == Count(before, "reportedUpIn15Minutes", "met") + 1,
            "the street's day counts the report as reported up in time");
        Assert.Equal(after.GetProperty("total").GetProperty("emergencies").GetInt32(), before.GetProperty("total").GetProperty("emergencies").GetInt32() + 1);
        Assert.Equal("Day", after.GetProperty("period").GetString());

        var csv = await Http.GetAsync($"/api/v1/reports/compliance?region={street}&period=day&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("date,emergencies,service_requests,reported_up_15min_met,", lines[0]);
        Assert.StartsWith(ChongqingToday() + ",", lines[1]);
        Assert.StartsWith("total,", lines[^1]);
        var misses = await Http.GetStringAsync($"/api/v1/reports/compliance?region={street}&period=day&format=csv&table=misses");
        Assert.StartsWith("incident,street,subtype,reported_at,deadline,due,met_at,cause\r\n", misses);

        var rating = await Http.PostAsync($"/api/v1/incidents/{id}/cancellation", Json(new { reason = "x", satisfaction = 6 }));
        Assert.Equal(HttpStatusCode.BadRequest, rating.StatusCode); // cancellation takes no rating: an unknown field
        var closing = await Http.PostAsync($"/api/v1/incidents/{id}/closure", Json(new { note = "done", satisfaction = 6 }));
        Assert.Equal(HttpStatusCode.BadRequest, closing.StatusCode);
        var problem = await closing.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("satisfaction", problem.GetProperty("field").GetString());
        var incident = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}");
        Assert.NotEqual("Closed", incident.GetProperty("stage").GetString());
    }

    [Theory]
    [InlineData("region=500105001&period=year", "period")]
    [InlineData("region=500105001&format=xml", "format")]
    [InlineData("region=500105001&format=csv&table=people", "table")]
    [InlineData("region=500105001001", "region")] // a community: reports are for streets, districts and the city
    public async Task A_report_asked_for_wrongly_is_a_400_naming_the_parameter(string query, string field)
    {
        var answer = await Http.GetAsync("/api/v1/reports/compliance?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(field, (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task The_admin_adds_a_holiday_and_the_next_service_request_s_seven_working_days_step_over_it_while_a_contradiction_is_refused()
    {
        var admin = await fixture.Silo.As(Role.Admin, "500000");
        var shipped = HolidayTable.Shipped();
        var read = await admin.GetFromJsonAsync<JsonElement>("/api/v1/calendar/holidays");
        Assert.Contains(read.GetProperty("holidays").EnumerateArray(), d => d.GetString() == "2026-10-01");

        var refused = await admin.PutAsync("/api/v1/calendar/holidays", Json(new { holidays = shipped.Holidays, makeUpWorkdays = new[] { "2027-01-05" } })); // a Tuesday
        Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, await refused.Content.ReadAsStringAsync());
        Assert.Equal(read.GetRawText(), (await admin.GetFromJsonAsync<JsonElement>("/api/v1/calendar/holidays")).GetRawText());
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.PutAsync("/api/v1/calendar/holidays", Json(new { holidays = shipped.Holidays, makeUpWorkdays = shipped.MakeUpWorkdays }))).StatusCode);

        // A working day two days from now becomes a holiday: a request filed now resolves one working day later than before.
        var today = DateOnly.Parse(ChongqingToday(), System.Globalization.CultureInfo.InvariantCulture);
        var shippedDays = new WorkingCalendar(shipped);
        var extra = Enumerable.Range(2, 10).Select(today.AddDays).First(shippedDays.IsWorkingDay);
        var withExtra = new HolidayTable([.. shipped.Holidays, extra], shipped.MakeUpWorkdays);
        try
        {
            (await admin.PutAsync("/api/v1/calendar/holidays", Json(new { holidays = withExtra.Holidays, makeUpWorkdays = withExtra.MakeUpWorkdays }))).EnsureSuccessStatusCode();
            var scene = Catalog.City.Communities.First(c => c.Code.StartsWith("500105", StringComparison.Ordinal));
            var created = await (await Post("/api/v1/incidents", Report("welfare-check", scene), Keys.New("calendar-api"))).Content.ReadFromJsonAsync<JsonElement>();
            var deadlines = created.GetProperty("report");
            var reportedAt = deadlines.GetProperty("reportedAt").GetDateTimeOffset();
            var resolveBy = deadlines.GetProperty("deadlines").GetProperty("resolveBy").GetDateTimeOffset();

            Assert.Equal(new WorkingCalendar(withExtra).AddWorkingDays(reportedAt, 7), resolveBy);
            Assert.True(resolveBy > shippedDays.AddWorkingDays(reportedAt, 7), "the added holiday is stepped over");
        }
        finally
        {
            (await admin.PutAsync("/api/v1/calendar/holidays", Json(new { holidays = shipped.Holidays, makeUpWorkdays = shipped.MakeUpWorkdays }))).EnsureSuccessStatusCode();
        }
    }

    private async Task<JsonElement> Day(string street) =>
        await Http.GetFromJsonAsync<JsonElement>($"/api/v1/reports/compliance?region={street}&period=day");

    private static int Count(JsonElement report, string deadline, string outcome) => report.GetProperty("total").GetProperty(deadline).GetProperty(outcome).GetInt32();

    private static string ChongqingToday() => DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string Report(string subtype, ThreeSocial.Grains.Geography.Region community) => JsonSerializer.Serialize(new
    {
        subtype, severity = "Serious", longitude = community.Area.InteriorPoint.X, latitude = community.Area.InteriorPoint.Y,
        description = "报告 (report)", people = new { count = 1, elderlyLivingAlone = false, disabled = false, child = false },
    });

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body, Web), Encoding.UTF8, "application/json");

    private Task<HttpResponseMessage> Post(string path, string json, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return Http.SendAsync(request);
    }
}
