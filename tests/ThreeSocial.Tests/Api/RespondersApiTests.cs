using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Users;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Api;

[Collection(CitySiloCollection.Name)]
[Trait("Category", TestCategory.Api)]
public sealed class RespondersApiTests(RegionsSiloFixture fixture)
{
    private HttpClient Http => fixture.Silo.Http;
    private RegionCatalog Catalog => fixture.Silo.Services.GetRequiredService<RegionCatalog>();

    [Fact]
    public async Task A_volunteer_going_on_duty_shows_in_the_districts_live_status_and_map_properties()
    {
        var volunteer = Catalog.City.Responders.First(r => r.Role == ResponderRole.Volunteer && r.HomeCommunity.StartsWith("500106", StringComparison.Ordinal));

        var response = await Duty(volunteer.Id, """{"onDuty":true}""", "duty-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("onDuty").GetBoolean());
        await Eventually.True(async () =>
            (await Http.GetFromJsonAsync<JsonElement>("/api/v1/regions/500106/status")).GetProperty("volunteersOnDuty").GetInt32() >= 1,
            "the district counts the volunteer");
        var districts = (await Http.GetFromJsonAsync<JsonElement>("/api/v1/regions/districts")).GetProperty("features").EnumerateArray();
        var shapingba = districts.Single(f => f.GetProperty("id").GetString() == "500106");
        Assert.True(shapingba.GetProperty("properties").GetProperty("live").GetProperty("volunteersOnDuty").GetInt32() >= 1);
        Assert.True((await Http.GetFromJsonAsync<JsonElement>("/api/v1/regions/500000/status")).GetProperty("volunteersOnDuty").GetInt32() >= 1);
    }

    [Fact]
    public async Task A_responder_shows_duty_state_certificates_and_only_the_skills_a_valid_certificate_backs()
    {
        var today = ChongqingTime.Today(TimeProvider.System);
        var lapsed = Catalog.City.Responders.First(r => r.Skills.Contains("first-aid")
            && r.Certificates.Single(c => c.Code == Certificate.FirstAid).ValidUntil < today);
        var valid = Catalog.City.Responders.First(r => r.Skills.Contains("first-aid")
            && r.Certificates.Single(c => c.Code == Certificate.FirstAid).ValidUntil >= today);

        var before = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/responders/{lapsed.Id}");
        await Duty(lapsed.Id, """{"onDuty":true}""", "duty-cert");
        var after = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/responders/{lapsed.Id}");

        Assert.Equal(("OffDuty", "Available"), (before.GetProperty("duty").GetString(), after.GetProperty("duty").GetString()));
        Assert.Contains(after.GetProperty("certificates").EnumerateArray(), c => c.GetProperty("code").GetString() == Certificate.FirstAid);
        Assert.DoesNotContain("first-aid", after.GetProperty("qualifiedSkills").EnumerateArray().Select(s => s.GetString()));
        var validStatus = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/responders/{valid.Id}");
        Assert.Contains("first-aid", validStatus.GetProperty("qualifiedSkills").EnumerateArray().Select(s => s.GetString()));
    }

    [Theory]
    [InlineData("500103001001-VO99x", """{"onDuty":true}""", "k", HttpStatusCode.NotFound)]   // not registered
    [InlineData(null, """{"onDuty":"yes"}""", "k", HttpStatusCode.BadRequest)]               // wrong type
    [InlineData(null, """{}""", "k", HttpStatusCode.BadRequest)]                               // missing onDuty
    [InlineData(null, """{"onDuty":true}""", null, HttpStatusCode.BadRequest)]               // no Idempotency-Key
    [InlineData(null, """{"onDuty":true,"actor":"someone else"}""", "k", HttpStatusCode.BadRequest)] // the actor is the signed-in user, not a field
    public async Task Bad_duty_requests_are_problems_and_change_nothing(string? id, string body, string? key, HttpStatusCode status)
    {
        var responder = id ?? Catalog.City.Responders.First(r => r.Role == ResponderRole.PropertyStaff && r.HomeCommunity.StartsWith("500108", StringComparison.Ordinal)).Id;

        var response = await Duty(responder, body, key);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (id is null) Assert.False((await Http.GetFromJsonAsync<JsonElement>($"/api/v1/responders/{responder}")).GetProperty("onDuty").GetBoolean());
    }

    [Fact]
    public async Task A_grid_worker_going_on_duty_shows_in_the_grids_live_status()
    {
        var worker = Catalog.City.Responders.First(r => r.Role == ResponderRole.GridWorker && r.HomeCommunity.StartsWith("500109", StringComparison.Ordinal)).Id;
        var grid = worker[..15];

        var response = await Duty(worker, """{"onDuty":true}""", "grid-duty");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/regions/{grid}/status");
        Assert.Equal(1, status.GetProperty("gridWorkersOnDuty").GetInt32());
    }

    [Fact]
    public async Task A_position_is_kept_with_its_time_and_an_older_fix_does_not_replace_it()
    {
        var worker = Catalog.City.Responders.First(r => r.Role == ResponderRole.GridWorker && r.HomeCommunity.StartsWith("500112", StringComparison.Ordinal)).Id;
        var now = DateTimeOffset.UtcNow;

        var fresh = await Post($"/api/v1/responders/{worker}/position", $$"""{"longitude":106.55,"latitude":29.6,"at":"{{now:O}}","accuracyMeters":15}""", "p1");
        var stale = await Post($"/api/v1/responders/{worker}/position", $$"""{"longitude":106.40,"latitude":29.5,"at":"{{now.AddMinutes(-5):O}}"}""", "p2");

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        var held = (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lastPosition");
        Assert.Equal(106.55, held.GetProperty("longitude").GetDouble());
    }

    [Theory]
    [InlineData("""{"longitude":116.4,"latitude":39.9}""")]                             // Beijing
    [InlineData("""{"longitude":106.5,"latitude":29.5,"at":"2099-01-01T00:00:00Z"}""")] // the future
    [InlineData("""{"longitude":"x","latitude":29.5}""")]
    [InlineData("""{"latitude":29.5}""")]
    public async Task A_bad_position_is_a_400_problem(string json)
    {
        var worker = Catalog.City.Responders.First(r => r.Role == ResponderRole.GridWorker && r.HomeCommunity.StartsWith("500113", StringComparison.Ordinal)).Id;

        var response = await Post($"/api/v1/responders/{worker}/position", json, "bad");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await Http.GetFromJsonAsync<JsonElement>($"/api/v1/responders/{worker}")).GetProperty("lastPosition").ValueKind);
    }

    [Fact]
    public async Task Meals_booked_and_served_count_once_per_key_show_overflow_and_reach_the_district()
    {
        var community = Catalog.City.Communities.First(c => c.Urban && c.Code.StartsWith("500105", StringComparison.Ordinal)).Code;
        var capacity = Catalog.Profile(community)!.CanteenSeats + Catalog.Profile(community)!.DeliveryCapacity;
        var booked = capacity + 7;
        var office = await fixture.Silo.As(Role.StreetOffice, community[..9]); // meals are recorded by the street's canteens

        await Post($"/api/v1/communities/{community}/meals", $$"""{"booked":{{booked}}}""", "m1", office);
        var resend = await Post($"/api/v1/communities/{community}/meals", $$"""{"booked":{{booked}}}""", "m1", office);
        var served = await Post($"/api/v1/communities/{community}/meals", """{"served":20}""", "m2", office);

        Assert.Equal(HttpStatusCode.OK, resend.StatusCode);
        var meals = await served.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((booked, 20, 7), (meals.GetProperty("booked").GetInt32(), meals.GetProperty("served").GetInt32(), meals.GetProperty("overflow").GetInt32()));
        await Eventually.True(async () =>
            (await Http.GetFromJsonAsync<JsonElement>("/api/v1/regions/500105/status")).GetProperty("mealsBookedToday").GetInt32() >= booked,
            "the district counts the bookings");
    }

    [Theory]
    [InlineData("500105001001999", """{"booked":1}""", HttpStatusCode.NotFound)]   // a grid, not a community
    [InlineData(null, """{"booked":-1}""", HttpStatusCode.BadRequest)]
    [InlineData(null, """{"booked":0,"served":0}""", HttpStatusCode.BadRequest)]
    [InlineData(null, """{"booked":99999999}""", HttpStatusCode.BadRequest)]
    public async Task Bad_meal_records_are_problems_and_change_nothing(string? code, string json, HttpStatusCode status)
    {
        var community = code ?? Catalog.City.Communities.First(c => !c.Urban && c.Code.StartsWith("500229", StringComparison.Ordinal)).Code;

        var response = await Post($"/api/v1/communities/{community}/meals", json, "bad-meal", await fixture.Silo.As(Role.StreetOffice, community[..9]));

        Assert.Equal(status, response.StatusCode);
        if (code is null) Assert.Equal(0, (await Http.GetFromJsonAsync<JsonElement>($"/api/v1/communities/{community}/meals")).GetProperty("booked").GetInt32());
    }

    private Task<HttpResponseMessage> Post(string path, string json, string key, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return (client ?? Http).SendAsync(request);
    }

    private Task<HttpResponseMessage> Duty(string id, string json, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/responders/{id}/duty") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return Http.SendAsync(request);
    }
}
