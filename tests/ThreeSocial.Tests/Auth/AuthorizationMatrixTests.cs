using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Users;
using ThreeSocial.Benchmarks.Live;
using ThreeSocial.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ThreeSocial.Tests.Auth;

public sealed class MatrixSiloFixture : IAsyncLifetime
{
    public RunningSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await RunningSilo.StartAsync();

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}

/// <summary>
/// Every endpoint the silo maps × every role × a target inside and outside the user's jurisdiction, over real HTTP.
/// The expectations are written here, independently of the service's own rule table: which roles may use each
/// endpoint and whether a target outside the jurisdiction is refused (403) or hidden (404). An endpoint the silo
/// maps that this table does not list fails the test, so a new endpoint cannot ship without a rule.
/// </summary>
public sealed class AuthorizationMatrixTests(MatrixSiloFixture fixture, ITestOutputHelper output) : IClassFixture<MatrixSiloFixture>
{
    private RunningSilo Silo => fixture.Silo;
    private RegionCatalog Catalog => Silo.Services.GetRequiredService<RegionCatalog>();

    private static readonly Role[] Everyone = [Role.Operator, Role.GridWorker, Role.StreetOffice, Role.Admin];
    private static readonly Role[] Operations = [Role.Operator, Role.GridWorker, Role.StreetOffice];
    private static readonly Role[] OperatorAndGrid = [Role.Operator, Role.GridWorker];
    private static readonly Role[] OperatorAndStreet = [Role.Operator, Role.StreetOffice];
    private static readonly Role[] AdminOnly = [Role.Admin];

    /// <summary>What a request is about: resolved once for a place inside the test users' jurisdiction and once outside.</summary>
    public sealed record Place(string District, string Street, string Community, string Grid, double Longitude, double Latitude,
        string Incident, string Alert, string Stockpile, string Responder);

    /// <param name="Allowed">Roles that may use it; null means public (no sign-in needed).</param>
    /// <param name="Target">The region code the request acts on, or null when it is not tied to a place.</param>
    /// <param name="Hidden">Outside the jurisdiction the target is hidden (404), not refused (403).</param>
    private sealed record Rule(string Method, string Route, Role[]? Allowed, Func<Place, string> Path,
        Func<Place, string>? Target = null, bool Hidden = false, Func<Place, object>? Body = null);

    private static int _unique;

    private static IEnumerable<Rule> Rules()
    {
        // Public.
        yield return new("GET", "/healthz", null, _ => "/healthz");
        yield return new("GET", "/openapi/{documentName}.json", null, _ => "/openapi/v1.json");
        yield return new("GET", "/api/v1/dashboard/config", null, _ => "/api/v1/dashboard/config");
        yield return new("GET", "/worker", null, _ => "/worker");
        yield return new("POST", "/api/v1/auth/token", null, _ => "/api/v1/auth/token", Body: _ => new { userName = "operator", password = RunningSilo.Password });
        // Every signed-in user.
        yield return new("GET", "/api/v1/auth/me", Everyone, _ => "/api/v1/auth/me");
        yield return new("GET", "/api/v1/incident-playbooks", Everyone, _ => "/api/v1/incident-playbooks");
        yield return new("GET", "/api/v1/regions/districts", Everyone, _ => "/api/v1/regions/districts");
        yield return new("GET", "/api/v1/regions/grids", Everyone, p => $"/api/v1/regions/grids?bbox={p.Longitude - 0.01},{p.Latitude - 0.01},{p.Longitude + 0.01},{p.Latitude + 0.01}");
        yield return new("GET", "/api/v1/regions/lookup", Everyone, p => $"/api/v1/regions/lookup?lon={p.Longitude}&lat={p.Latitude}");
        yield return new("GET", "/api/v1/regions/{code}", Everyone, p => $"/api/v1/regions/{p.Community}");
        yield return new("GET", "/api/v1/regions/{code}/children", Everyone, p => $"/api/v1/regions/{p.Street}/children");
        // Operations, inside the jurisdiction.
        yield return new("GET", "/api/v1/regions/{code}/status", Operations, p => $"/api/v1/regions/{p.Community}/status", p => p.Community);
        yield return new("GET", "/api/v1/live/{group}", Operations, p => $"/api/v1/live/{p.Street}", p => p.Street);
        yield return new("POST", "/hubs/city/negotiate", Operations, _ => "/hubs/city/negotiate?negotiateVersion=1");
        yield return new("GET", "/hubs/city/negotiate", Operations, _ => "/hubs/city/negotiate");
        yield return new("GET", "/hubs/city", Operations, _ => "/hubs/city");
        yield return new("POST", "/hubs/city", Operations, _ => "/hubs/city", Body: _ => new { });
        yield return new("DELETE", "/hubs/city", Operations, _ => "/hubs/city");
        yield return new("GET", "/api/v1/communities/{code}", Operations, p => $"/api/v1/communities/{p.Community}", p => p.Community);
        yield return new("GET", "/api/v1/communities/{code}/meals", Operations, p => $"/api/v1/communities/{p.Community}/meals", p => p.Community);
        yield return new("POST", "/api/v1/communities/{code}/meals", [Role.GridWorker, Role.StreetOffice], p => $"/api/v1/communities/{p.Community}/meals", p => p.Community,
            Body: _ => new { booked = 1 });
        yield return new("GET", "/api/v1/responders/{id}", Operations, p => $"/api/v1/responders/{p.Responder}", p => p.Community);
        yield return new("POST", "/api/v1/responders/{id}/duty", OperatorAndGrid, p => $"/api/v1/responders/{p.Responder}/duty", p => p.Community,
            Body: _ => new { onDuty = false });
        yield return new("POST", "/api/v1/responders/{id}/position", OperatorAndGrid, p => $"/api/v1/responders/{p.Responder}/position", p => p.Community,
            Body: p => new { longitude = p.Longitude, latitude = p.Latitude });
        // Incidents: a report is placed by its location; an incident found by id is hidden outside.
        yield return new("POST", "/api/v1/incidents", OperatorAndGrid, _ => "/api/v1/incidents", p => p.Grid,
            Body: p => new { subtype = "welfare-check", severity = "General", longitude = p.Longitude, latitude = p.Latitude, description = "matrix" });
        yield return new("GET", "/api/v1/incidents", Operations, p => $"/api/v1/incidents?region={p.Community}", p => p.Community);
        yield return new("GET", "/api/v1/incidents/{id}", Operations, p => $"/api/v1/incidents/{p.Incident}", p => p.Grid, Hidden: true);
        yield return new("POST", "/api/v1/incidents/{id}/acknowledgements", OperatorAndStreet, p => $"/api/v1/incidents/{p.Incident}/acknowledgements", p => p.Grid, Hidden: true);
        yield return new("POST", "/api/v1/incidents/{id}/resolution", OperatorAndGrid, p => $"/api/v1/incidents/{p.Incident}/resolution", p => p.Grid, Hidden: true,
            Body: _ => new { note = "matrix" });
        yield return new("POST", "/api/v1/incidents/{id}/closure", OperatorAndStreet, p => $"/api/v1/incidents/{p.Incident}/closure", p => p.Grid, Hidden: true,
            Body: _ => new { note = "matrix" });
        yield return new("POST", "/api/v1/incidents/{id}/cancellation", OperatorAndStreet, p => $"/api/v1/incidents/{p.Incident}/cancellation", p => p.Grid, Hidden: true,
            Body: _ => new { reason = "matrix" });
        foreach (var step in new[] { "acceptance", "refusal", "en-route", "on-scene" })
            yield return new("POST", $"/api/v1/incidents/{{id}}/assignments/{{responderId}}/{step}", OperatorAndGrid,
                p => $"/api/v1/incidents/{p.Incident}/assignments/{p.Responder}/{step}", p => p.Grid, Hidden: true,
                Body: step == "refusal" ? _ => new { reason = "matrix" } : null);
        // Stockpiles: placed by their owner's code.
        yield return new("GET", "/api/v1/stockpiles/{id}", Operations, p => $"/api/v1/stockpiles/{p.Stockpile}", p => p.Community);
        yield return new("GET", "/api/v1/stockpiles/{id}/ledger", Operations, p => $"/api/v1/stockpiles/{p.Stockpile}/ledger", p => p.Community);
        yield return new("GET", "/api/v1/stockpiles/{id}/batches/{category}", Operations, p => $"/api/v1/stockpiles/{p.Stockpile}/batches/3010101", p => p.Community);
        yield return new("POST", "/api/v1/stockpiles/{id}/receipts", Operations, p => $"/api/v1/stockpiles/{p.Stockpile}/receipts", p => p.Community,
            Body: _ => new { category = "3010101", quantity = 1 });
        yield return new("POST", "/api/v1/stockpiles/{id}/issues", Operations, p => $"/api/v1/stockpiles/{p.Stockpile}/issues", p => p.Community,
            Body: _ => new { category = "3010101", quantity = 1 });
        yield return new("POST", "/api/v1/stockpiles/{id}/adjustments", OperatorAndStreet, p => $"/api/v1/stockpiles/{p.Stockpile}/adjustments", p => p.Community,
            Body: _ => new { batchId = "B00001", delta = 1, reason = "matrix" });
        yield return new("POST", "/api/v1/stockpiles/{id}/stocktakes", OperatorAndStreet, p => $"/api/v1/stockpiles/{p.Stockpile}/stocktakes", p => p.Community,
            Body: _ => new { batchId = "B00001", counted = 1 });
        yield return new("POST", "/api/v1/stockpiles/{id}/expiry-write-offs", OperatorAndStreet, p => $"/api/v1/stockpiles/{p.Stockpile}/expiry-write-offs", p => p.Community);
        yield return new("POST", "/api/v1/stockpiles/{id}/minimum-levels", OperatorAndStreet, p => $"/api/v1/stockpiles/{p.Stockpile}/minimum-levels", p => p.Community,
            Body: _ => new { category = "3010101", minimum = 1 });
        yield return new("POST", "/api/v1/stockpiles/{id}/transfers", OperatorAndStreet, p => $"/api/v1/stockpiles/{p.Stockpile}/transfers", p => p.Community,
            Body: p => new { to = p.Street + "-S01", category = "3010101", quantity = 1 });
        // Alerts: an alert belongs to its street's inbox.
        yield return new("GET", "/api/v1/alerts/{id}", Operations, p => $"/api/v1/alerts/{p.Alert}", p => p.Street, Hidden: true);
        yield return new("GET", "/api/v1/alerts/{id}/deliveries", Operations, p => $"/api/v1/alerts/{p.Alert}/deliveries", p => p.Street, Hidden: true);
        yield return new("POST", "/api/v1/alerts/{id}/acknowledgement", OperatorAndStreet, p => $"/api/v1/alerts/{p.Alert}/acknowledgement", p => p.Street, Hidden: true,
            Body: _ => new { note = "matrix" });
        yield return new("GET", "/api/v1/alert-inboxes/{code}", Operations, p => $"/api/v1/alert-inboxes/{p.Street}", p => p.Street);
        yield return new("GET", "/api/v1/alert-inboxes/{code}/webhooks", OperatorAndStreet, p => $"/api/v1/alert-inboxes/{p.Street}/webhooks", p => p.Street);
        yield return new("POST", "/api/v1/alert-inboxes/{code}/webhooks", OperatorAndStreet, p => $"/api/v1/alert-inboxes/{p.Street}/webhooks", p => p.Street,
            Body: _ => new { url = "https://example.org/cap" });
        yield return new("DELETE", "/api/v1/alert-inboxes/{code}/webhooks/{id}", OperatorAndStreet, p => $"/api/v1/alert-inboxes/{p.Street}/webhooks/WH-none", p => p.Street);
        // Administration.
        yield return new("GET", "/metrics", AdminOnly, _ => "/metrics");
        yield return new("GET", "/api/v1/audit", AdminOnly, _ => "/api/v1/audit?take=5");
        yield return new("GET", "/api/v1/users", AdminOnly, _ => "/api/v1/users");
        yield return new("POST", "/api/v1/users", AdminOnly, _ => "/api/v1/users",
            Body: _ => new { name = $"matrix-made-{Interlocked.Increment(ref _unique)}", password = "a-long-enough-password", roles = new[] { "operator" }, jurisdiction = new[] { "500103" } });
        yield return new("GET", "/api/v1/users/{name}", AdminOnly, _ => "/api/v1/users/matrix-victim");
        yield return new("PATCH", "/api/v1/users/{name}", AdminOnly, _ => "/api/v1/users/matrix-victim", Body: _ => new { disabled = true });
    }

    [Fact]
    public async Task Every_endpoint_answers_each_role_inside_and_outside_its_jurisdiction_as_the_rules_say()
    {
        var rules = Rules().ToList();
        var mapped = Silo.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            // An endpoint that names no method (SignalR's) takes any: "*".
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Distinct().ToList();
        bool Covers(Rule r, string endpoint) => endpoint == $"{r.Method} {r.Route}" || endpoint == $"* {r.Route}";
        var unlisted = mapped.Where(m => !rules.Any(r => Covers(r, m))).ToList();
        Assert.True(unlisted.Count == 0, "Endpoints without a row in the authorisation matrix: " + string.Join(", ", unlisted));
        Assert.Empty(rules.Where(r => !mapped.Any(m => Covers(r, m))).Select(r => $"{r.Method} {r.Route}")); // no stale rows

        var (inside, outside) = (await PlaceIn("500103"), await PlaceIn("500105"));
        var victim = Silo.Grains.GetGrain<IUserGrain>("matrix-victim");
        if (await victim.Get() is null) await victim.Create(new NewUser("matrix-victim", RunningSilo.Password, [Role.Operator], ["500103"]), "test");
        var users = new (string Name, Role? Role, string[] Jurisdiction, HttpClient Client)[]
        {
            ("anonymous", null, [], Silo.Anonymous),
            ("admin", Role.Admin, ["500000"], await Silo.As(Role.Admin, "500000")),
            ("city operator", Role.Operator, ["500000"], await Silo.As(Role.Operator, "500000")),
            ("district operator", Role.Operator, [inside.District], await Silo.As(Role.Operator, inside.District)),
            ("street office", Role.StreetOffice, [inside.Street], await Silo.As(Role.StreetOffice, inside.Street)),
            ("grid worker", Role.GridWorker, [inside.Community], await Silo.As(Role.GridWorker, inside.Community)),
        };

        var wrong = new List<string>();
        var checkedCount = 0;
        foreach (var rule in rules)
            foreach (var (placeName, place) in new[] { ("inside", inside), ("outside", outside) })
                foreach (var user in users)
                {
                    var expected = Expected(rule, place, user.Role, user.Jurisdiction);
                    var status = await Send(user.Client, rule, place);
                    checkedCount++;
                    if (!expected.Matches(status)) wrong.Add($"{rule.Method} {rule.Route} as {user.Name}, {placeName}: expected {expected}, got {(int)status}");
                }
        output.WriteLine($"{checkedCount} requests: {rules.Count} endpoints × {users.Length} users × 2 places.");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Every_kind_of_hub_group_is_joined_only_from_inside_the_jurisdiction()
    {
        var inside = Catalog.Children("500103")[0].Code;
        var outside = Catalog.Children("500105")[0].Code;
        string[] groups = ["500000", "500103", "500105", inside, outside];
        var users = new (Role Role, string Jurisdiction)[]
        {
            (Role.Operator, "500000"), (Role.Operator, "500103"), (Role.StreetOffice, inside), (Role.GridWorker, Catalog.Children(inside)[0].Code),
        };
        var hub = new Uri(Silo.BaseAddress, "/hubs/city");
        foreach (var (role, jurisdiction) in users)
        {
            var client = await Silo.As(role, jurisdiction);
            await using var connection = await SignalRJsonClient.ConnectAsync(hub, client.DefaultRequestHeaders.Authorization!.Parameter);
            foreach (var group in groups)
            {
                var may = jurisdiction == "500000" || (group.StartsWith(jurisdiction, StringComparison.Ordinal) && group != "500000");
                var joined = await Try(() => connection.InvokeAsync("Join", group));
                Assert.True(may == joined, $"{role} of {jurisdiction} joining {group}: expected {(may ? "joined" : "refused")}");
            }
        }
        var admin = await Silo.As(Role.Admin, "500000"); // administrators have no operational view at all
        await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => SignalRJsonClient.ConnectAsync(hub, admin.DefaultRequestHeaders.Authorization!.Parameter));
    }

    private static async Task<bool> Try(Func<Task> call)
    {
        try { await call(); return true; }
        catch (InvalidOperationException) { return false; }
    }

    /// <summary>
    /// Exactly a status, or allowed: the rules let it through, and what the endpoint then says (200, 201, 400, 409…)
    /// is its own business, but never a 5xx, and for a target that exists never a 404.
    /// </summary>
    private sealed record Expectation(HttpStatusCode? Exactly, bool Exists = false)
    {
        public static readonly Expectation Allowed = new((HttpStatusCode?)null);

        public bool Matches(HttpStatusCode status) => Exactly is { } exact
            ? status == exact
            : status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)status < 500 && !(Exists && status == HttpStatusCode.NotFound);

        public override string ToString() => Exactly is { } exact ? ((int)exact).ToString() : $"allowed (not 401/403{(Exists ? "/404" : "")}, no 5xx)";
    }

    private static Expectation Expected(Rule rule, Place place, Role? role, string[] jurisdiction)
    {
        if (rule.Allowed is null) return Expectation.Allowed;
        if (role is null) return new(HttpStatusCode.Unauthorized);
        if (!rule.Allowed.Contains(role.Value)) return new(HttpStatusCode.Forbidden);
        if (rule.Target is { } target)
        {
            var code = target(place);
            var covered = jurisdiction.Any(j => j == "500000" || code.StartsWith(j, StringComparison.Ordinal));
            if (!covered) return new(rule.Hidden ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden);
        }
        return new Expectation(null, Exists: rule.Hidden); // what is found by id was made in PlaceIn
    }

    private static async Task<HttpStatusCode> Send(HttpClient client, Rule rule, Place place)
    {
        using var request = new HttpRequestMessage(new HttpMethod(rule.Method), rule.Path(place));
        request.Headers.Add("Idempotency-Key", $"matrix-{Guid.NewGuid():N}");
        if (rule.Body is { } body) request.Content = new StringContent(JsonSerializer.Serialize(body(place)), Encoding.UTF8, "application/json");
        else if (rule.Method is "POST" or "PATCH") request.Content = new StringContent("", Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A community of the district with an incident, an alert, a stockpile and a responder in it.</summary>
    private async Task<Place> PlaceIn(string district)
    {
        var street = Catalog.Children(district)[0];
        var community = Catalog.Children(street.Code)[0];
        var grid = Catalog.Children(community.Code)[0];
        var point = grid.Area.InteriorPoint;
        // Nobody is on duty in the test city: an emergency escalates at once and raises an alert for the street.
        var created = await Silo.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents")
        {
            Headers = { { "Idempotency-Key", Keys.New("matrix") } },
            Content = JsonContent.Create(new { subtype = "landslide", severity = "Major", longitude = point.X, latitude = point.Y, description = "matrix" }),
        });
        created.EnsureSuccessStatusCode();
        var incident = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        string? alert = null;
        await Eventually.True(async () =>
        {
            var inbox = await Silo.Http.GetFromJsonAsync<JsonElement>($"/api/v1/alert-inboxes/{street.Code}");
            alert = inbox.EnumerateArray().FirstOrDefault(a => a.GetProperty("subject").GetString() == incident) is { ValueKind: JsonValueKind.Object } a
                ? a.GetProperty("alertId").GetString() : null;
            return alert is not null;
        }, "the incident's escalation reaches the street's inbox");
        var stockpile = Catalog.City.Stockpiles.First(s => s.OwnerCode == community.Code).Id;
        var responder = Catalog.City.Responders.First(r => r.HomeCommunity == community.Code).Id;
        return new Place(district, street.Code, community.Code, grid.Code, point.X, point.Y, incident, alert!, stockpile, responder);
    }
}
