using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
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
[Trait("Category", TestCategory.Api)]
public sealed class AuthorizationMatrixTests(MatrixSiloFixture fixture, ITestOutputHelper output) : IClassFixture<MatrixSiloFixture>
{
    private RunningSilo Silo => fixture.Silo;
    private RegionCatalog Catalog => Silo.Services.GetRequiredService<RegionCatalog>();

    [Fact]
    public async Task Every_endpoint_answers_each_role_inside_and_outside_its_jurisdiction_as_the_rules_say()
    {
        var rules = EndpointCatalogue.Rules().ToList();
        var mapped = Silo.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            // An endpoint that names no method (SignalR's) takes any: "*".
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Distinct().ToList();
        bool Covers(EndpointCatalogue.Rule r, string endpoint) => endpoint == $"{r.Method} {r.Route}" || endpoint == $"* {r.Route}";
        var unlisted = mapped.Where(m => !rules.Any(r => Covers(r, m))).ToList();
        Assert.True(unlisted.Count == 0, "Endpoints without a row in the authorisation matrix: " + string.Join(", ", unlisted));
        Assert.Empty(rules.Where(r => !mapped.Any(m => Covers(r, m))).Select(r => $"{r.Method} {r.Route}")); // no stale rows

        var (inside, outside) = (await EndpointCatalogue.PlaceIn(Silo, "500103"), await EndpointCatalogue.PlaceIn(Silo, "500105"));
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
        var english = new List<string>();
        var checkedCount = 0;
        foreach (var rule in rules)
            foreach (var (placeName, place) in new[] { ("inside", inside), ("outside", outside) })
                foreach (var user in users)
                {
                    var expected = Expected(rule, place, user.Role, user.Jurisdiction);
                    var (status, problem) = await Send(user.Client, rule, place);
                    checkedCount++;
                    if (!expected.Matches(status)) wrong.Add($"{rule.Method} {rule.Route} as {user.Name}, {placeName}: expected {expected}, got {(int)status}");
                    // The Orleans dashboard (/admin/orleans) is Orleans' own English page: its answers are not ours to translate.
                    if (problem is { } p && !rule.Route.StartsWith("/admin/orleans", StringComparison.Ordinal) && EnglishSentences.InProblem(p) is [_, ..] found) english.Add($"{rule.Method} {rule.Route} as {user.Name}, {placeName}: {string.Join(" | ", found)}");
                }
        output.WriteLine($"{checkedCount} requests: {rules.Count} endpoints × {users.Length} users × 2 places.");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.True(english.Count == 0, "Refusals not in the default language (Chinese):\n" + string.Join("\n", english));
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
            await using var connection = await MapClient.ConnectAsync(hub, client.DefaultRequestHeaders.Authorization!.Parameter);
            foreach (var group in groups)
            {
                var may = jurisdiction == "500000" || (group.StartsWith(jurisdiction, StringComparison.Ordinal) && group != "500000");
                var joined = await Try(() => connection.JoinAsync(group));
                Assert.True(may == joined, $"{role} of {jurisdiction} joining {group}: expected {(may ? "joined" : "refused")}");
            }
        }
        var admin = await Silo.As(Role.Admin, "500000"); // administrators have no operational view at all
        await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => MapClient.ConnectAsync(hub, admin.DefaultRequestHeaders.Authorization!.Parameter));
    }

    private static async Task<bool> Try(Func<Task> call)
    {
        try { await call(); return true; }
        catch (HubException) { return false; }
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

        public override string ToString() => Exactly is { } exact ? ((int)exact).ToString(CultureInfo.InvariantCulture) : $"allowed (not 401/403{(Exists ? "/404" : "")}, no 5xx)";
    }

    private static Expectation Expected(EndpointCatalogue.Rule rule, EndpointCatalogue.Place place, Role? role, string[] jurisdiction)
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

    /// <summary>The status, and the problem details when the answer is one.</summary>
    private static async Task<(HttpStatusCode Status, JsonElement? Problem)> Send(HttpClient client, EndpointCatalogue.Rule rule, EndpointCatalogue.Place place)
    {
        using var request = new HttpRequestMessage(new HttpMethod(rule.Method), rule.Path(place));
        request.Headers.Add("Idempotency-Key", $"matrix-{Guid.NewGuid():N}");
        if (rule.Body is { } body) request.Content = new StringContent(JsonSerializer.Serialize(body(place)), Encoding.UTF8, "application/json");
        else if (rule.Method is "POST" or "PATCH") request.Content = new StringContent("", Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? await response.Content.ReadFromJsonAsync<JsonElement>() : null);
    }
}
