using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Api;

[Collection(CitySiloCollection.Name)]
[Trait("Category", TestCategory.Api)]
public sealed class IncidentsApiTests(RegionsSiloFixture fixture)
{
    private HttpClient Http => fixture.Silo.Http;
    private RegionCatalog Catalog => fixture.Silo.Services.GetRequiredService<RegionCatalog>();

    private string Body(string subtype = "flood", string severity = "Major", double? lon = null, double? lat = null)
    {
        var scene = Catalog.City.Communities.First(c => c.Code.StartsWith("500112", StringComparison.Ordinal)).Area.InteriorPoint;
        return JsonSerializer.Serialize(new
        {
            subtype, severity, longitude = lon ?? scene.X, latitude = lat ?? scene.Y,
            description = "积水没过膝盖 (water above the knee)",
            people = new { count = 3, elderlyLivingAlone = true, disabled = false, child = false },
        });
    }

    [Fact]
    public async Task A_report_answers_201_with_its_deadlines_and_a_resend_answers_the_same_incident()
    {
        var created = await Post("/api/v1/incidents", Body(), "incident-api-1");
        var resent = await Post("/api/v1/incidents", Body(), "incident-api-1");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var incident = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = incident.GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/incidents/{id}", created.Headers.Location!.OriginalString);
        Assert.StartsWith("INC-500112", id);
        var report = incident.GetProperty("report");
        Assert.Equal(("NaturalDisaster", "Emergency"), (report.GetProperty("class").GetString(), report.GetProperty("response").GetString()));
        var reportedAt = report.GetProperty("reportedAt").GetDateTimeOffset();
        Assert.Equal(reportedAt.AddHours(2), report.GetProperty("deadlines").GetProperty("onSceneBy").GetDateTimeOffset());
        Assert.EndsWith("+08:00", report.GetProperty("reportedAt").GetString());
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        Assert.Equal("true", resent.Headers.GetValues("Idempotent-Replayed").Single());
        var read = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}");
        Assert.Equal(id, read.GetProperty("id").GetString());
        Assert.Contains(read.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "Reported");
    }

    [Fact]
    public async Task Open_incidents_are_listed_for_a_street_and_its_district_most_urgent_first()
    {
        var created = await (await Post("/api/v1/incidents", Body("landslide", "Critical"), "incident-api-list")).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        var place = created.GetProperty("report").GetProperty("place");

        var street = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/incidents?region={place.GetProperty("street").GetString()}");
        var grid = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/incidents?region={place.GetProperty("grid").GetString()}");
        var district = await Http.GetFromJsonAsync<JsonElement>("/api/v1/incidents?region=500112");

        Assert.Contains(street.EnumerateArray(), i => i.GetProperty("id").GetString() == id);
        Assert.Contains(grid.EnumerateArray(), i => i.GetProperty("id").GetString() == id && i.GetProperty("severity").GetString() == "Critical");
        var deadlines = district.EnumerateArray().Select(i => i.GetProperty("respondBy").GetDateTimeOffset()).ToList();
        Assert.Equal(deadlines.Order(), deadlines);
        var city = await Http.GetFromJsonAsync<JsonElement>("/api/v1/incidents?region=500000"); // from the streets' indexes: follows within ms
        Assert.True(city.GetArrayLength() >= district.GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.GetAsync("/api/v1/incidents?region=nowhere")).StatusCode);
    }

    [Fact]
    public async Task The_timeline_speaks_chinese_by_default_and_english_when_asked()
    {
        var created = await (await Post("/api/v1/incidents", Body(), "incident-api-lang")).Content.ReadFromJsonAsync<JsonElement>();
        var path = $"/api/v1/incidents/{created.GetProperty("id").GetString()}";
        async Task<string> NoteOf(string? language)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
            var read = await (await Http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
            return read.GetProperty("timeline").EnumerateArray().First(t => t.GetProperty("kind").GetString() == "ReportedUp").GetProperty("note").GetString()!;
        }

        Assert.StartsWith("已报送街道办 ", await NoteOf(null));
        Assert.StartsWith("已报送街道办 ", await NoteOf("zh-CN,zh;q=0.9"));
        Assert.StartsWith("sent to street office ", await NoteOf("en-US,en;q=0.9"));
    }

    [Fact]
    public async Task A_chinese_timeline_names_needs_and_units_in_chinese_where_the_english_one_has_codes_and_english_units()
    {
        var created = await (await Post("/api/v1/incidents", Body("landslide", "Major"), "incident-api-needs")).Content.ReadFromJsonAsync<JsonElement>();
        var path = $"/api/v1/incidents/{created.GetProperty("id").GetString()}";
        async Task<string> NotesOf(string? language)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
            var read = await (await Http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
            return string.Join("\n", read.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("note").GetString()));
        }
        // The search for people and supplies is done when the timeline has its dispatch and supplies lines.
        await Eventually.True(async () => await NotesOf("en") is var en
            && (en.Contains("ETA", StringComparison.Ordinal) || en.Contains("nobody assigned", StringComparison.Ordinal))
            && (en.Contains("short of", StringComparison.Ordinal) || en.Contains(" from ", StringComparison.Ordinal)),
            $"the search is in the timeline: {await NotesOf("en")}");

        string[] needs = ["first-aid", "flood-rescue", "GridWorker", "elderly-care", "firefighting", "psychological-support", "electrician", "driver", "Volunteer", "SocialWorker", "PropertyStaff"];
        string[] units = ["bottle", "pack", "piece", "kit", "box", "litre", "bag"];
        static bool Says(string text, string word) => System.Text.RegularExpressions.Regex.IsMatch(text, $@"(?<![\w-]){System.Text.RegularExpressions.Regex.Escape(word)}(?![\w-])");
        var english = await NotesOf("en");
        var chinese = await NotesOf(null);
        // The chance: the English timeline names this incident's needs by their codes and its shortages by English units
        // (the district's nearest stockpiles hold no shovels, tarpaulins or tents in the test city).
        Assert.Contains(needs, n => Says(english, n));
        Assert.Contains(units, u => Says(english, u));
        Assert.Contains("防汛救援", chinese);
        Assert.Contains("最近的 6 个储备点缺少", chinese);
        Assert.DoesNotContain(needs, n => Says(chinese, n));
        Assert.DoesNotContain(units, u => Says(chinese, u));
        Console.WriteLine($"[en]\n{english}\n[zh]\n{chinese}");
    }

    public static TheoryData<string, string?, HttpStatusCode> BadReports => new()
    {
        { """{"subtype":"flood","severity":"Major","longitude":106.5,"latitude":29.5,"description":"x"}""", null, HttpStatusCode.BadRequest },      // no key
        { """{"subtype":"volcano","severity":"Major","longitude":106.5,"latitude":29.5,"description":"x"}""", "k1", HttpStatusCode.BadRequest },   // unknown subtype
        { """{"subtype":"flood","severity":"Apocalyptic","longitude":106.5,"latitude":29.5,"description":"x"}""", "k2", HttpStatusCode.BadRequest }, // unknown severity
        { """{"subtype":"flood","severity":"Major","longitude":116.4,"latitude":39.9,"description":"x"}""", "k3", HttpStatusCode.BadRequest },     // Beijing
        { """{"subtype":"flood","severity":"Major","longitude":"east","latitude":29.5,"description":"x"}""", "k4", HttpStatusCode.BadRequest },    // wrong type
        { """{"subtype":"flood","severity":"Major","latitude":29.5,"description":"x"}""", "k5", HttpStatusCode.BadRequest },                       // no longitude
        { """{"subtype":"flood","severity":"Major","longitude":106.5,"latitude":29.5,"description":""}""", "k6", HttpStatusCode.BadRequest },      // nothing said
        { """{"subtype":"flood","severity":"Major","longitude":106.5,"latitude":29.5,"description":"x","people":{"count":-2}}""", "k7", HttpStatusCode.BadRequest }, // negative people
        { """{"subtype":"flood",""", "k8", HttpStatusCode.BadRequest },                                                                                            // truncated
    };

    [Theory]
    [MemberData(nameof(BadReports))]
    public async Task Bad_reports_are_problems_and_open_nothing(string body, string? key, HttpStatusCode status)
    {
        var before = await OpenInCity();

        var response = await Post("/api/v1/incidents", body, key);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await OpenInCity());
    }

    [Theory]
    [InlineData("/api/v1/incidents/INC-500103001-000000000000", HttpStatusCode.NotFound)] // well formed, never reported
    [InlineData("/api/v1/incidents/not-an-incident", HttpStatusCode.NotFound)]
    public async Task Unknown_incidents_are_404_problems(string path, HttpStatusCode status)
    {
        var response = await Http.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_step_the_incident_does_not_allow_is_a_409_problem()
    {
        var created = await (await Post("/api/v1/incidents", Body("dispute", "General"), "incident-api-409")).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();

        var response = await Post($"/api/v1/incidents/{id}/closure", """{"note":"closing unresolved"}""", "c1");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task The_playbooks_and_the_incident_endpoints_are_published()
    {
        var playbooks = await Http.GetFromJsonAsync<JsonElement>("/api/v1/incident-playbooks");
        var openApi = await Http.GetStringAsync("/openapi/v1.json");

        Assert.Contains(playbooks.EnumerateArray(), p => p.GetProperty("subtype").GetString() == "elderly-fall");
        foreach (var path in new[] { "/api/v1/incidents", "/api/v1/incidents/{id}", "/api/v1/incidents/{id}/assignments/{responderId}/acceptance" })
            Assert.Contains($"\"{path}\"", openApi);
    }

    private async Task<int> OpenInCity() =>
        (await Http.GetFromJsonAsync<JsonElement>("/api/v1/regions/500000/status")).GetProperty("openIncidents").GetInt32();

    private Task<HttpResponseMessage> Post(string path, string json, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return Http.SendAsync(request);
    }
}
