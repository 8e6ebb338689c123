using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Benchmarks.Live;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Users;
using ThreeSocial.Tests.Api;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Phone;

/// <summary>
/// The worker's phone against the real silo: the account says its responder, acts as that responder only, and hears
/// its responder's assignments over the hub as they happen.
/// </summary>
[Collection(CitySiloCollection.Name)]
[Trait("Category", TestCategory.Api)]
public sealed class PhoneApiTests(RegionsSiloFixture fixture)
{
    private RegionCatalog Catalog => fixture.Silo.Services.GetRequiredService<RegionCatalog>();
    private Uri Hub => new(fixture.Silo.Http.BaseAddress!, "/hubs/city");

    private ResponderSeed GridWorkerIn(string district, int skip = 0) =>
        Catalog.City.Responders.Where(r => r.Role == ResponderRole.GridWorker && r.HomeCommunity.StartsWith(district, StringComparison.Ordinal)).Skip(skip).First();

    private async Task<HttpClient> Phone(ResponderSeed responder) => await fixture.Silo.SignedIn(await fixture.Silo.PhoneOf(responder), RunningSilo.Password);

    private static HttpRequestMessage Post(string url, object body) => new(HttpMethod.Post, url)
    {
        Headers = { { "Idempotency-Key", Keys.New("phone") } },
        Content = JsonContent.Create(body),
    };

    private async Task<bool> OnDuty(string responderId) =>
        (await fixture.Silo.Http.GetFromJsonAsync<JsonElement>($"/api/v1/responders/{responderId}")).GetProperty("onDuty").GetBoolean();

    [Fact]
    public async Task An_administrator_links_a_new_grid_worker_account_to_a_responder_and_the_account_says_so()
    {
        var worker = GridWorkerIn("500113");
        using var admin = await fixture.Silo.SignedIn("admin", RunningSilo.Password);
        var name = "t-linked-" + Guid.NewGuid().ToString("N")[..8];

        var created = await admin.PostAsJsonAsync("/api/v1/users",
            new { name, password = RunningSilo.Password, roles = new[] { "grid-worker" }, jurisdiction = new[] { worker.HomeCommunity }, responderId = worker.Id });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(worker.Id, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("responderId").GetString());
        var session = JsonDocument.Parse(await fixture.Silo.SessionFor(name)).RootElement;
        Assert.Equal(worker.Id, session.GetProperty("user").GetProperty("responderId").GetString()); // the sign-in answer
        using var phone = await fixture.Silo.SignedIn(name, RunningSilo.Password);
        var me = await phone.GetFromJsonAsync<JsonElement>("/api/v1/auth/me");
        Assert.Equal(worker.Id, me.GetProperty("responderId").GetString());
        // An account without a link says null: the page then offers reporting only.
        var unlinked = await (await fixture.Silo.As(Role.GridWorker, worker.HomeCommunity)).GetFromJsonAsync<JsonElement>("/api/v1/auth/me");
        Assert.Equal(JsonValueKind.Null, unlinked.GetProperty("responderId").ValueKind);
    }

    [Fact]
    public async Task The_demo_grid_worker_is_the_phone_of_its_communitys_first_grid_worker()
    {
        var (name, _, community, responder) = ThreeSocial.Silo.DemoCity.DemoUsers.For(Catalog).Single(u => u.Role == Role.GridWorker);
        using var demo = await fixture.Silo.SignedIn(name, RunningSilo.Password);

        var me = await demo.GetFromJsonAsync<JsonElement>("/api/v1/auth/me");

        Assert.Equal(Catalog.Children(community)[0].Code + "-GW01", responder);
        Assert.Equal(responder, me.GetProperty("responderId").GetString());
    }

    [Theory]
    [InlineData("500113001001-VO99x", "grid-worker", null)] // not in the registry
    [InlineData(null, "operator", null)]                    // only a grid worker's account is a phone
    [InlineData(null, "grid-worker", "elsewhere")]          // the responder lies outside the account's jurisdiction (another community)
    public async Task A_link_to_a_responder_that_is_not_the_accounts_is_a_400_and_makes_no_account(string? responderId, string role, string? elsewhere)
    {
        var worker = GridWorkerIn("500113", 1);
        using var admin = await fixture.Silo.SignedIn("admin", RunningSilo.Password);
        var name = "t-badlink-" + Guid.NewGuid().ToString("N")[..8];
        var where = elsewhere is not null ? Catalog.City.Communities.First(c => c.Code.StartsWith("500108", StringComparison.Ordinal)).Code
            : role == "operator" ? "500113" : worker.HomeCommunity;

        var created = await admin.PostAsJsonAsync("/api/v1/users",
            new { name, password = RunningSilo.Password, roles = new[] { role }, jurisdiction = new[] { where }, responderId = responderId ?? worker.Id });

        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Equal("responderId", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/users/{name}")).StatusCode);
    }

    [Fact]
    public async Task A_phone_acts_as_its_own_responder_only_while_an_unlinked_grid_worker_of_the_community_still_relays_for_everyone()
    {
        var worker = GridWorkerIn("500114");
        var volunteer = Catalog.City.Responders.First(r => r.Role == ResponderRole.Volunteer && r.HomeCommunity == worker.HomeCommunity);
        using var phone = await Phone(worker);
        try
        {
            // As another responder of the same community, inside the account's jurisdiction: refused, and nothing changes.
            var asOther = await phone.SendAsync(Post($"/api/v1/responders/{volunteer.Id}/duty", new { onDuty = true }));
            var positionAsOther = await phone.SendAsync(Post($"/api/v1/responders/{volunteer.Id}/position", new { longitude = 108.7, latitude = 29.3 }));
            var report = await phone.SendAsync(Post("/api/v1/incidents",
                new { subtype = "welfare-check", severity = "General", longitude = volunteer.Home.X, latitude = volunteer.Home.Y, description = "探访" }));
            var incident = (await report.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            var timeline = (await phone.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{incident}")).GetProperty("timeline").GetArrayLength();
            var stepAsOther = await phone.SendAsync(Post($"/api/v1/incidents/{incident}/assignments/{volunteer.Id}/acceptance", new { }));

            Assert.Equal(HttpStatusCode.Forbidden, asOther.StatusCode);
            Assert.Contains(worker.Id, (await asOther.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
            Assert.Equal(HttpStatusCode.Forbidden, positionAsOther.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, stepAsOther.StatusCode);
            Assert.False(await OnDuty(volunteer.Id));
            Assert.Equal(JsonValueKind.Null, (await fixture.Silo.Http.GetFromJsonAsync<JsonElement>($"/api/v1/responders/{volunteer.Id}")).GetProperty("lastPosition").ValueKind);
            Assert.Equal(timeline, (await phone.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{incident}")).GetProperty("timeline").GetArrayLength());

            // The same request as itself goes through, and so does the volunteer's from a grid worker account with no link.
            Assert.Equal(HttpStatusCode.OK, (await phone.SendAsync(Post($"/api/v1/responders/{worker.Id}/duty", new { onDuty = true }))).StatusCode);
            Assert.True(await OnDuty(worker.Id));
            var relay = await fixture.Silo.As(Role.GridWorker, worker.HomeCommunity);
            Assert.Equal(HttpStatusCode.OK, (await relay.SendAsync(Post($"/api/v1/responders/{volunteer.Id}/duty", new { onDuty = true }))).StatusCode);
            Assert.True(await OnDuty(volunteer.Id));
        }
        finally
        {
            await fixture.Silo.Grains.GetGrain<ThreeSocial.Grains.Responders.IResponderGrain>(worker.Id).SetDuty(false, "test cleanup");
            await fixture.Silo.Grains.GetGrain<ThreeSocial.Grains.Responders.IResponderGrain>(volunteer.Id).SetDuty(false, "test cleanup");
        }
    }

    [Fact]
    public async Task A_phone_hears_its_responders_duty_and_new_assignment_over_the_hub_and_nothing_of_another_responder()
    {
        // Far from the other tests (酉阳), so this worker is the one the service sends.
        var grid = Catalog.City.Grids.First(g => g.Code.StartsWith("500242", StringComparison.Ordinal));
        var worker = Catalog.City.Responders.First(r => r.Id == grid.Code + "-GW01");
        var neighbour = GridWorkerIn("500242", 5);
        using var phone = await Phone(worker);
        await using var mine = await MapClient.ConnectAsync(Hub, await fixture.Silo.TokenFor(await fixture.Silo.PhoneOf(worker), RunningSilo.Password));
        await using var theirs = await MapClient.ConnectAsync(Hub, await fixture.Silo.TokenFor(await fixture.Silo.PhoneOf(neighbour), RunningSilo.Password));
        try
        {
            var now = await mine.WatchAssignmentsAsync();
            Assert.Equal(worker.Id, now.GetProperty("id").GetString());
            Assert.Equal("OffDuty", now.GetProperty("duty").GetString());
            await theirs.WatchAssignmentsAsync();

            await phone.SendAsync(Post($"/api/v1/responders/{worker.Id}/duty", new { onDuty = true }));
            var scene = grid.Area.InteriorPoint;
            var created = await fixture.Silo.Http.SendAsync(Post("/api/v1/incidents",
                new { subtype = "welfare-check", severity = "General", longitude = scene.X, latitude = scene.Y, description = "独居老人两天未出门" }));
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

            var heard = await Messages(mine, m => m.Any(a => a.GetProperty("assignment").GetString() == id));
            Assert.Contains(heard, a => a.GetProperty("duty").GetString() == "Available" && a.GetProperty("assignment").ValueKind == JsonValueKind.Null);
            var assigned = heard.Last();
            Assert.Equal((worker.Id, "Assigned", id), (assigned.GetProperty("responderId").GetString(), assigned.GetProperty("duty").GetString(), assigned.GetProperty("assignment").GetString()));
            var versions = heard.Select(a => a.GetProperty("version").GetInt64()).ToList();
            Assert.Equal(versions.Order(), versions);

            // The other phone heard nothing of it, though it was listening all along: its own change, made after, reaches it.
            await fixture.Silo.Grains.GetGrain<ThreeSocial.Grains.Responders.IResponderGrain>(neighbour.Id).SetDuty(true, "test");
            var theirsHeard = await Messages(theirs, m => m.Any(a => a.GetProperty("responderId").GetString() == neighbour.Id));
            Assert.NotEmpty(theirsHeard);
            Assert.All(theirsHeard, a => Assert.Equal(neighbour.Id, a.GetProperty("responderId").GetString()));
        }
        finally
        {
            await fixture.Silo.Grains.GetGrain<ThreeSocial.Grains.Responders.IResponderGrain>(worker.Id).SetDuty(false, "test cleanup");
            await fixture.Silo.Grains.GetGrain<ThreeSocial.Grains.Responders.IResponderGrain>(neighbour.Id).SetDuty(false, "test cleanup");
        }
    }

    [Fact]
    public async Task An_account_that_is_no_phone_cannot_watch_assignments()
    {
        await using var map = await MapClient.ConnectAsync(Hub, await fixture.Silo.TokenFor("operator", RunningSilo.Password));
        var refused = await Assert.ThrowsAsync<HubException>(map.WatchAssignmentsAsync);
        Assert.Contains("未关联人员", refused.Message);
    }

    private static async Task<List<JsonElement>> Messages(MapClient client, Func<List<JsonElement>, bool> enough)
    {
        var messages = new List<JsonElement>();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (!enough(messages))
            {
                var (target, argument, _) = await client.Received.Reader.ReadAsync(limit.Token);
                if (target == "assignment") messages.Add(argument);
            }
        }
        catch (OperationCanceledException)
        {
        }
        return messages;
    }
}
