using ThreeSocial.Events;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.SignalR;
using ThreeSocial.Benchmarks.Live;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Users;
using ThreeSocial.Tests.Api;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Live;

/// <summary>The hub over a real WebSocket, through the .NET SignalR client, against the real silo and its grains.</summary>
[Collection(CitySiloCollection.Name)]
[Trait("Category", TestCategory.Api)]
public sealed class CityHubTests(RegionsSiloFixture fixture)
{
    private HttpClient Http => fixture.Silo.Http;
    private RegionCatalog Catalog => fixture.Silo.Services.GetRequiredService<RegionCatalog>();
    private Uri Hub => new(Http.BaseAddress!, "/hubs/city");

    private Task<string> Token(string user = "operator") => fixture.Silo.TokenFor(user, RunningSilo.Password);

    private static async Task<List<JsonElement>> DeltasFor(MapClient client, TimeSpan within, Func<List<JsonElement>, bool> enough)
    {
        var deltas = new List<JsonElement>();
        using var limit = new CancellationTokenSource(within);
        try
        {
            while (!enough(deltas))
            {
                var (target, argument, _) = await client.Received.Reader.ReadAsync(limit.Token);
                if (target == "delta") deltas.Add(argument);
            }
        }
        catch (OperationCanceledException)
        {
        }
        return deltas;
    }

    [Fact]
    public async Task A_reported_incident_reaches_the_city_district_and_street_groups_as_a_versioned_delta_and_its_escalation_as_an_alert()
    {
        var scene = Catalog.City.Communities.First(c => c.Code.StartsWith("500106", StringComparison.Ordinal)).Area.InteriorPoint;
        var street = Catalog.Locate(scene.X, scene.Y)!.Street.Code;
        await using var cityMap = await MapClient.ConnectAsync(Hub, await Token());
        await using var streetMap = await MapClient.ConnectAsync(Hub, await Token());
        var joined = (await cityMap.JoinAsync("500000")).GetProperty("sequence").GetInt64();
        await streetMap.JoinAsync(street);

        var created = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents")
        {
            Headers = { { "Idempotency-Key", Keys.New("hub") } },
            Content = JsonContent.Create(new { subtype = "fire", severity = "Major", longitude = scene.X, latitude = scene.Y, description = "厨房起火" }),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // Nobody is on duty in the test city, so the incident escalates: the alert follows the incident.
        bool HasAlert(List<JsonElement> ds) => ds.Any(d => d.GetProperty("alerts").EnumerateArray().Any(a => a.GetProperty("subject").GetString() == id));
        var city = await DeltasFor(cityMap, TimeSpan.FromSeconds(10), HasAlert);
        var onStreet = await DeltasFor(streetMap, TimeSpan.FromSeconds(10), HasAlert);

        Assert.True(HasAlert(city), "the city's map heard the escalation");
        Assert.True(HasAlert(onStreet), "the street's map heard the escalation");
        var sequences = city.Select(d => d.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => joined + i), sequences); // no gaps, starting after the join
        var versions = city.SelectMany(d => d.GetProperty("incidents").EnumerateArray()).Where(i => i.GetProperty("id").GetString() == id)
            .Select(i => i.GetProperty("version").GetInt64()).ToList();
        Assert.NotEmpty(versions);
        Assert.Equal(versions.Order(), versions);
        var street1 = onStreet.SelectMany(d => d.GetProperty("regions").EnumerateArray()).Where(r => r.GetProperty("code").GetString() == street).ToList();
        Assert.Contains(street1, r => r.GetProperty("totals").GetProperty("openIncidents").GetInt32() >= 1); // the street's own roll-up

        var snapshot = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/live/{street}");
        Assert.Contains(snapshot.GetProperty("incidents").EnumerateArray(), i => i.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task A_burst_of_10000_updates_becomes_a_handful_of_messages_holding_the_newest_of_each()
    {
        var streets = Catalog.Children("500103").Select(s => s.Code).ToList();
        await using var districtMap = await MapClient.ConnectAsync(Hub, await Token());
        await districtMap.JoinAsync("500103");
        var events = fixture.Silo.Services.GetRequiredService<EventStream>();

        // Straight onto the runtime's stream, as the region grains publish: 10,000 versions over the district's streets.
        for (var i = 1; i <= 10_000; i++)
        {
            var code = streets[i % streets.Count];
            events.Publish(new RegionStatusChanged(new LiveRegion(code, 1_000_000 + i, new RollupTotals { MealsBookedToday = i })));
        }

        bool Newest(List<JsonElement> ds) => ds.SelectMany(d => d.GetProperty("regions").EnumerateArray())
            .Any(r => r.GetProperty("version").GetInt64() == 1_010_000);
        var deltas = await DeltasFor(districtMap, TimeSpan.FromSeconds(10), Newest);

        Assert.True(Newest(deltas), "the newest version arrived");
        Assert.InRange(deltas.Count, 1, 10);
        var last = deltas.SelectMany(d => d.GetProperty("regions").EnumerateArray())
            .GroupBy(r => r.GetProperty("code").GetString()).ToDictionary(g => g.Key!, g => g.Max(r => r.GetProperty("version").GetInt64()));
        foreach (var code in streets) Assert.Equal(1_000_000 + Enumerable.Range(1, 10_000).Last(i => streets[i % streets.Count] == code), last[code]);
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_skipped_without_holding_back_the_others_and_sees_the_gap_when_it_reads_again()
    {
        var streets = Catalog.Children("500108").Select(s => s.Code).ToList();
        await using var stalled = await MapClient.ConnectAsync(Hub, await Token());
        await using var healthy = await MapClient.ConnectAsync(Hub, await Token());
        var start = (await stalled.JoinAsync("500108")).GetProperty("sequence").GetInt64();
        await healthy.JoinAsync("500108");
        stalled.PauseReading();
        var events = fixture.Silo.Services.GetRequiredService<EventStream>();

        // Large deltas (thousands of distinct incidents each, ~1 MB) fill the stalled socket's buffers within a few flushes.
        var healthySequences = new List<long>();
        var street = streets[0];
        var place = new IncidentPlace(107.0, 29.7, street + "001001", street + "001", street, "500108");
        var now = DateTimeOffset.UtcNow;
        for (var round = 0; round < 40; round++)
        {
            for (var i = 0; i < 3_000; i++)
            {
                var summary = new IncidentSummary($"INC-{street}-stall{round:00}{i:0000}", 1, IncidentStage.Reported, "flood", Severity.Major, place,
                    now, now.AddHours(2), null, 0, false);
                events.Publish(new IncidentChanged(summary, TimelineKind.Reported));
            }
            var (target, argument, _) = await healthy.Received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            if (target == "delta") healthySequences.Add(argument.GetProperty("sequence").GetInt64());
        }

        Assert.Equal(Enumerable.Range(0, healthySequences.Count).Select(i => healthySequences[0] + i), healthySequences); // the healthy map missed nothing
        stalled.ResumeReading();
        var seen = new List<long>();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var (target, argument, _) = await stalled.Received.Reader.ReadAsync(limit.Token);
            if (target == "delta") seen.Add(argument.GetProperty("sequence").GetInt64());
            if (target != "resync") continue;
            Assert.Equal("500108", argument.GetString()); // caught up: told to read the snapshot again
            break;
        }
        Assert.Equal(start + 1, seen[0]);
        Assert.True(seen[^1] < healthySequences[^1], "deltas were skipped while it did not read, not queued for it");
    }

    [Fact]
    public async Task Joining_something_that_is_not_a_map_group_is_refused_and_the_snapshot_answers_400()
    {
        await using var client = await MapClient.ConnectAsync(Hub, await Token());

        var refused = await Assert.ThrowsAsync<HubException>(() => client.JoinAsync("<script>"));
        Assert.Contains("不是地图分组", refused.Message); // the language the connection was opened in: Chinese by default
        await Assert.ThrowsAsync<HubException>(() => client.JoinAsync("500103001001")); // a community: too fine
        await using var english = await MapClient.ConnectAsync(new Uri(Http.BaseAddress!, "/hubs/city?ui-culture=en"), await Token());
        Assert.Contains("is not a map group", (await Assert.ThrowsAsync<HubException>(() => english.JoinAsync("<script>"))).Message);
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.GetAsync("/api/v1/live/nowhere")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/api/v1/live/500000")).StatusCode);
    }

    [Fact]
    public async Task A_map_may_join_only_groups_inside_its_users_jurisdiction_and_no_token_no_connection()
    {
        var districtOperator = await fixture.Silo.As(Role.Operator, "500105");
        var token = districtOperator.DefaultRequestHeaders.Authorization!.Parameter!;
        await using var client = await MapClient.ConnectAsync(Hub, token);
        var street = Catalog.Children("500105")[0].Code;

        Assert.Equal("500105", (await client.JoinAsync("500105")).GetProperty("group").GetString());
        Assert.Equal(street, (await client.JoinAsync(street)).GetProperty("group").GetString());
        var refused = await Assert.ThrowsAsync<HubException>(() => client.JoinAsync("500000"));
        Assert.Contains("不在您的辖区", refused.Message);
        await Assert.ThrowsAsync<HubException>(() => client.JoinAsync("500106"));
        Assert.Equal(HttpStatusCode.Forbidden, (await districtOperator.GetAsync("/api/v1/live/500106")).StatusCode);

        var none = await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => MapClient.ConnectAsync(Hub, null));
        Assert.Contains("401", none.Message);
        await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => MapClient.ConnectAsync(Hub, token[..^4] + "AAAA"));
    }
}
