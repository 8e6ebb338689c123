using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Users;
using ThreeSocial.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ThreeSocial.Tests.Auth;

/// <summary>A silo whose background work stays still while the sweep compares state before and after.</summary>
public sealed class SweepSiloFixture : IAsyncLifetime
{
    public RunningSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await RunningSilo.StartAsync(
        "--Dispatch:WatchInterval", "01:00:00", "--Dispatch:RetryUnfilledEvery", "01:00:00");

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}

/// <summary>
/// Malformed requests generated from every write endpoint's well-formed one: broken JSON, missing fields, wrong
/// types, huge strings, script and SQL text where an id, code or category belongs, out-of-range coordinates, and
/// hostile route values. Each must be a 4xx with problem details, never a 5xx, and change nothing; and its words are
/// Chinese (the default language) but for what the caller sent.
/// </summary>
[Trait("Category", TestCategory.Api)]
public sealed class BadInputSweepTests(SweepSiloFixture fixture, ITestOutputHelper output) : IClassFixture<SweepSiloFixture>
{
    private const string Script = "<script>alert(1)</script>";
    private const string Sql = "x'); DROP TABLE grain_state;--";
    private static readonly string Huge = new('长', 100_000);

    private RunningSilo Silo => fixture.Silo;

    [Fact]
    public async Task Every_write_endpoint_answers_malformed_requests_with_a_4xx_problem_and_changes_nothing()
    {
        var place = await EndpointCatalogue.PlaceIn(Silo, "500103");
        var writes = EndpointCatalogue.Rules()
            .Where(r => r.Method is "POST" or "PATCH" or "DELETE" && !r.Route.StartsWith("/hubs", StringComparison.Ordinal)).ToList();
        foreach (var rule in writes) await ClientFor(rule, place); // accounts made now, not during the sweep
        var before = await Probe(place);

        var sent = 0;
        var wrong = new List<string>();
        var english = new List<string>();
        foreach (var rule in writes)
        {
            var client = await ClientFor(rule, place);
            foreach (var (what, path, body) in Malformed(rule, place))
            {
                using var request = new HttpRequestMessage(new HttpMethod(rule.Method), path);
                request.Headers.Add("Idempotency-Key", $"sweep-{Guid.NewGuid():N}");
                if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await client.SendAsync(request);
                sent++;
                var status = (int)response.StatusCode;
                if (status is < 400 or >= 500) wrong.Add($"{rule.Method} {rule.Route}, {what}: {status}");
                else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    wrong.Add($"{rule.Method} {rule.Route}, {what}: {status} without problem details");
                else if (EnglishIn(await response.Content.ReadFromJsonAsync<JsonElement>()) is [_, ..] found)
                    english.Add($"{rule.Method} {rule.Route}, {what}: {string.Join(" | ", found)}");
            }
        }
        var after = await Probe(place);

        output.WriteLine($"{sent} malformed requests to {writes.Count} write endpoints.");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        foreach (var (url, json) in before) Assert.True(json == after[url], $"{url} changed:\n{json}\n→\n{after[url]}");
        Assert.True(english.Count == 0, string.Join("\n", english));
        // The detector had its chance: the same kind of request in English is found to be English.
        using var inEnglish = new HttpRequestMessage(HttpMethod.Post, writes[0].Path(place)) { Content = new StringContent("{", Encoding.UTF8, "application/json") };
        inEnglish.Headers.Add("Idempotency-Key", $"sweep-{Guid.NewGuid():N}");
        inEnglish.Headers.AcceptLanguage.ParseAdd("en");
        Assert.NotEmpty(EnglishIn(await (await (await ClientFor(writes[0], place)).SendAsync(inEnglish)).Content.ReadFromJsonAsync<JsonElement>()));
    }

    private static IReadOnlyList<string> EnglishIn(JsonElement problem) => EnglishSentences.InProblem(problem, Script, Sql);

    [Fact]
    public async Task Script_and_SQL_text_in_free_text_is_stored_as_the_words_it_is_and_served_back_as_data()
    {
        var place = await EndpointCatalogue.PlaceIn(Silo, "500105");
        var worker = await Silo.As(Role.GridWorker, place.Community);
        var text = $"{Script} {Sql} 老人说：“门锁了”";
        var created = await worker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents")
        {
            Headers = { { "Idempotency-Key", Keys.New("text") } },
            Content = JsonContent.Create(new { subtype = "welfare-check", severity = "General", longitude = place.Longitude, latitude = place.Latitude, description = text }),
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var raw = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", raw); // JSON escapes '<' and '>': a page that pastes it in does not run it
        var id = JsonDocument.Parse(raw).RootElement.GetProperty("id").GetString()!;
        var stored = await worker.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}");
        Assert.Equal(text, stored.GetProperty("report").GetProperty("description").GetString());
    }

    /// <summary>Signed in as a user the endpoint admits, whose jurisdiction holds the place.</summary>
    private async Task<HttpClient> ClientFor(EndpointCatalogue.Rule rule, EndpointCatalogue.Place place) => rule.Allowed switch
    {
        null => Silo.Anonymous,
        var roles when roles.Contains(Role.Operator) => await Silo.As(Role.Operator, "500000"),
        var roles when roles.Contains(Role.Admin) => await Silo.As(Role.Admin, "500000"),
        var roles when roles.Contains(Role.StreetOffice) => await Silo.As(Role.StreetOffice, place.Street),
        _ => await Silo.As(Role.GridWorker, place.Community),
    };

    private static IEnumerable<(string What, string Path, string? Body)> Malformed(EndpointCatalogue.Rule rule, EndpointCatalogue.Place place)
    {
        var path = rule.Path(place);
        foreach (var (what, hostile) in HostileRouteValues(rule, place, path)) yield return (what, hostile, rule.Body is null ? null : Json(rule.Body(place)));
        if (rule.Body is null) yield break;

        foreach (var (what, body) in new[]
                 {
                     ("empty body", ""), ("null", "null"), ("an array", "[]"), ("a string", "\"text\""), ("truncated", "{\"a\":"),
                     ("not JSON", "not json at all"), ("a lone brace", "{"),
                 })
            yield return (what, path, body);

        var sample = JsonNode.Parse(Json(rule.Body(place)))!.AsObject();
        yield return ("an unknown field", path, With(sample, o => o["unexpected"] = 1));
        foreach (var (field, value) in sample.ToList())
        {
            if (!rule.IsOptional(field)) yield return ($"{field} missing", path, With(sample, o => o.Remove(field)));
            if (!rule.IsOptional(field)) yield return ($"{field} null", path, With(sample, o => o[field] = null));
            yield return ($"{field} a huge string", path, With(sample, o => o[field] = Huge));
            switch (value!.GetValueKind())
            {
                case JsonValueKind.String:
                    yield return ($"{field} a number", path, With(sample, o => o[field] = 12345));
                    yield return ($"{field} an object", path, With(sample, o => o[field] = new JsonObject { ["x"] = 1 }));
                    if (!EndpointCatalogue.Rule.IsFreeText(field))
                    {
                        yield return ($"{field} script text", path, With(sample, o => o[field] = Script));
                        yield return ($"{field} SQL text", path, With(sample, o => o[field] = Sql));
                    }
                    break;
                case JsonValueKind.Number:
                    yield return ($"{field} a word", path, With(sample, o => o[field] = "many"));
                    yield return ($"{field} astronomically large", path, With(sample, o => o[field] = 1e300));
                    yield return ($"{field} negative", path, With(sample, o => o[field] = -1e300));
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    yield return ($"{field} a word", path, With(sample, o => o[field] = "yes"));
                    break;
                case JsonValueKind.Array:
                    yield return ($"{field} a word", path, With(sample, o => o[field] = "x"));
                    yield return ($"{field} holding numbers", path, With(sample, o => o[field] = new JsonArray(1, 2)));
                    break;
            }
        }
        // Invalid geometry: the right type, but no place on Earth (or not in Chongqing).
        if (sample.ContainsKey("longitude"))
            foreach (var (what, lon, lat) in new[] { ("longitude 181", 181.0, 29.5), ("latitude -91", 106.5, -91.0), ("Beijing", 116.4, 39.9), ("null island", 0.0, 0.0) })
                yield return (what, path, With(sample, o => { o["longitude"] = lon; o["latitude"] = lat; }));
    }

    /// <summary>Each id or code in the path replaced by script, SQL, a huge value, or a code of the right shape that does not exist.</summary>
    private static IEnumerable<(string What, string Path)> HostileRouteValues(EndpointCatalogue.Rule rule, EndpointCatalogue.Place place, string path)
    {
        string[] values = [place.Incident, place.Alert, place.Stockpile, place.Responder, place.Street, "matrix-victim"];
        foreach (var value in values.Where(v => path.Contains("/" + v, StringComparison.Ordinal)))
            foreach (var (what, hostile) in new[] { ("script", Script), ("SQL", Sql), ("huge", new string('9', 5000)), ("dot-dot", "..%2F..%2Fetc%2Fpasswd") })
                yield return ($"{what} for {value}", path.Replace("/" + value, "/" + Uri.EscapeDataString(hostile), StringComparison.Ordinal));
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    private static string With(JsonObject sample, Action<JsonObject> change)
    {
        var copy = sample.DeepClone().AsObject();
        change(copy);
        return copy.ToJsonString();
    }

    /// <summary>What the sweep could have changed, read as JSON text.</summary>
    private async Task<Dictionary<string, string>> Probe(EndpointCatalogue.Place place)
    {
        var reader = await Silo.As(Role.StreetOffice, place.Street); // sees residents' data whole, so a change there shows too
        var admin = await Silo.As(Role.Admin, "500000");
        var probes = new Dictionary<string, string>();
        foreach (var url in new[]
                 {
                     $"/api/v1/incidents/{place.Incident}", $"/api/v1/incidents?region={place.Street}", $"/api/v1/alerts/{place.Alert}",
                     $"/api/v1/alert-inboxes/{place.Street}", $"/api/v1/alert-inboxes/{place.Street}/webhooks",
                     $"/api/v1/stockpiles/{place.Stockpile}", $"/api/v1/stockpiles/{place.Stockpile}/ledger", $"/api/v1/stockpiles/{place.Street}-S01/ledger",
                     $"/api/v1/responders/{place.Responder}", $"/api/v1/communities/{place.Community}/meals", $"/api/v1/communities/{place.Community}",
                 })
            probes[url] = await reader.GetStringAsync(url);
        probes["/api/v1/users"] = await admin.GetStringAsync("/api/v1/users");
        return probes;
    }
}
