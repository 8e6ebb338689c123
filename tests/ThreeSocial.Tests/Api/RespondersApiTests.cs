using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Api;

public sealed class RespondersApiTests(RegionsSiloFixture fixture) : IClassFixture<RegionsSiloFixture>
{
    private HttpClient Http => fixture.Silo.Http;
    private RegionCatalog Catalog => fixture.Silo.Services.GetRequiredService<RegionCatalog>();

    [Fact]
    public async Task A_volunteer_going_on_duty_shows_in_the_districts_live_status_and_map_properties()
    {
        var volunteer = Catalog.City.Responders.First(r => r.Role == ResponderRole.Volunteer && r.HomeCommunity.StartsWith("500106"));

        var response = await Duty(volunteer.Id, """{"onDuty":true,"actor":"self"}""", "duty-1");

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

    [Theory]
    [InlineData("500103001001-VO99x", """{"onDuty":true,"actor":"a"}""", "k", HttpStatusCode.NotFound)]   // not registered
    [InlineData(null, """{"onDuty":"yes","actor":"a"}""", "k", HttpStatusCode.BadRequest)]               // wrong type
    [InlineData(null, """{"actor":"a"}""", "k", HttpStatusCode.BadRequest)]                               // missing onDuty
    [InlineData(null, """{"onDuty":true,"actor":"a"}""", null, HttpStatusCode.BadRequest)]               // no Idempotency-Key
    [InlineData(null, """{"onDuty":true,"actor":""}""", "k", HttpStatusCode.BadRequest)]                 // nobody
    public async Task Bad_duty_requests_are_problems_and_change_nothing(string? id, string body, string? key, HttpStatusCode status)
    {
        var responder = id ?? Catalog.City.Responders.First(r => r.Role == ResponderRole.PropertyStaff && r.HomeCommunity.StartsWith("500108")).Id;

        var response = await Duty(responder, body, key);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (id is null) Assert.False((await Http.GetFromJsonAsync<JsonElement>($"/api/v1/responders/{responder}")).GetProperty("onDuty").GetBoolean());
    }

    [Fact]
    public async Task A_grid_has_no_live_roll_up_yet_and_says_so()
    {
        var grid = Catalog.City.Grids[0].Code;

        var response = await Http.GetAsync($"/api/v1/regions/{grid}/status");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private Task<HttpResponseMessage> Duty(string id, string json, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/responders/{id}/duty") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return Http.SendAsync(request);
    }
}
