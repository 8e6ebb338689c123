using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Api;

/// <summary>
/// One silo for the class (no demo stock loaded); each test works on a community stockpile no other test touches (the
/// transfer test alone writes to a street depot).
/// </summary>
public sealed class StockpilesSiloFixture : IAsyncLifetime
{
    private static readonly string[] Unused = [.. RegionCatalog.OfDemoCity(42).City.Stockpiles
        .Select(s => s.Id).Where(id => id.StartsWith("500103", StringComparison.Ordinal) && id.Length == "500103001001-S01".Length)];
    private int _taken = -1;

    public RunningSilo Silo { get; private set; } = null!;

    public string NextStockpile() => Unused[Interlocked.Increment(ref _taken)];

    public async Task InitializeAsync() => Silo = await RunningSilo.StartAsync();

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}

[Trait("Category", TestCategory.Api)]
public sealed class StockpilesApiTests(StockpilesSiloFixture fixture) : IClassFixture<StockpilesSiloFixture>
{
    private readonly string Stockpile = "/api/v1/stockpiles/" + fixture.NextStockpile();
    private RunningSilo Silo => fixture.Silo;

    private static string Today(int days) => ChongqingTime.Today(TimeProvider.System).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_receipt_is_created_once_and_a_resend_replays_it()
    {
        var body = new { category = "1010101", quantity = 120, expiry = Today(200), note = "from district depot" };

        var first = await Post("/receipts", body, key: "phone-1");
        var resend = await Post("/receipts", body, key: "phone-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resend.StatusCode);
        Assert.Equal("true", resend.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await Json(first, "entries"), await Json(resend, "entries"));
        Assert.Equal(120, await Usable("1010101"));
    }

    [Fact]
    public async Task Issuing_more_than_is_usable_is_a_409_problem_and_changes_nothing()
    {
        await Seed(new { category = "3010101", quantity = 50 });

        var response = await Post("/issues", new { category = "3010101", quantity = 80, reason = "flood" }, key: "i1");

        await AssertProblem(response, HttpStatusCode.Conflict);
        Assert.Equal(50, await Usable("3010101"));
        Assert.Single(await Ledger());
    }

    [Fact]
    public async Task A_minimum_level_is_recorded_in_the_ledger_and_flags_low_stock()
    {
        await Seed(new { category = "3010101", quantity = 50 });

        var response = await Post("/minimum-levels", new { category = "3010101", minimum = 40 }, key: "m1");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var status = await Silo.Http.GetFromJsonAsync<JsonElement>(Stockpile);
        var sandbags = status.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("category").GetString() == "3010101");
        Assert.Equal((40, false), (sandbags.GetProperty("minimum").GetInt32(), sandbags.GetProperty("belowMinimum").GetBoolean()));
        var line = (await Ledger()).Last();
        Assert.Equal(("MinimumLevel", 40, 0), (line.GetProperty("kind").GetString(), line.GetProperty("minimum").GetInt32(), line.GetProperty("delta").GetInt32()));
    }

    [Fact]
    public async Task The_ledgers_own_notes_are_in_the_readers_language_and_a_typed_note_stays_as_typed()
    {
        await Seed(new { category = "3010101", quantity = 50, note = "from the district depot" });
        var created = await Post("/minimum-levels", new { category = "3010101", minimum = 40 }, key: "m-lang");

        var chinese = await Ledger();
        using var inEnglish = new HttpRequestMessage(HttpMethod.Get, Stockpile + "/ledger") { Headers = { { "Accept-Language", "en" } } };
        var english = (await (await Silo.Http.SendAsync(inEnglish)).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();

        Assert.Equal("最低库存 40 袋", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entries")[0].GetProperty("note").GetString());
        Assert.Equal(("from the district depot", "最低库存 40 袋"), (chinese[^2].GetProperty("note").GetString(), chinese[^1].GetProperty("note").GetString()));
        Assert.Equal(("from the district depot", "minimum 40 bag"), (english[^2].GetProperty("note").GetString(), english[^1].GetProperty("note").GetString()));
        Assert.All(chinese.Concat(english), line => Assert.False(line.TryGetProperty("said", out _))); // the facts stay inside
    }

    public static TheoryData<string, string, string?> MalformedRequests => new()
    {
        { "/minimum-levels", """{"category":"3010101","minimum":-1}""", "k" },                       // negative minimum
        { "/receipts", """{"category":"1010101","quantity":"ten","expiry":"2030-01-01"}""", "k" },   // wrong type
        { "/receipts", """{"category":"1010101","quantity":10}""", "k" },                            // water needs an expiry
        { "/receipts", """{"quantity":10}""", "k" },                                                 // missing category
        { "/receipts", """{"category":"3010101","quantity":10,"colour":"red"}""", "k" },             // unknown field
        { "/receipts", """{"category":"3010101","quantity":-4}""", "k" },                            // negative
        { "/receipts", """{"category":"3010101","quantity":99999999999}""", "k" },                   // overflows
        { "/receipts", """{"category":"3010101","quantity":10,"note":"x'); DROP TABLE grain_state;--"}""", "" }, // no key
        { "/receipts", """{"category":"3010101","quantity":10,""", "k" },                                       // truncated JSON
        { "/receipts", """{"category":"0000000","quantity":10}""", "k" },                            // unknown category
        { "/issues", """{"category":"3010101","quantity":0}""", "k" },                               // nothing
        { "/adjustments", """{"batchId":"B99999","delta":3,"reason":"r"}""", "k" },                  // no such batch
        { "/stocktakes", """{"batchId":"B00001","counted":-1}""", "k" },                             // negative count
        { "/receipts", $$"""{"category":"3010101","quantity":10,"note":"{{new string('a', 10_000)}}"}""", "k" }, // huge string
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task Malformed_requests_are_4xx_problems_and_change_nothing(string path, string json, string? key)
    {
        await Seed(new { category = "3010101", quantity = 5 });
        var before = await Ledger();

        var response = await PostRaw(path, json, key);

        await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal(before.Count, (await Ledger()).Count);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem()
    {
        var response = await PostRaw("/receipts", $$"""{"category":"3010101","quantity":1,"note":"{{new string('n', 2 * 1024 * 1024)}}"}""", "big");

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(await Ledger());
    }

    [Fact]
    public async Task A_malformed_stockpile_id_is_a_400_problem()
    {
        var response = await Silo.Http.GetAsync("/api/v1/stockpiles/not-a-stockpile");

        await AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_stockpile_endpoints()
    {
        var document = await Silo.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/stockpiles/{id}/receipts", paths);
        Assert.Contains("/api/v1/stockpiles/{id}/issues", paths);
        Assert.Contains("/healthz", paths);
    }

    [Fact]
    public async Task A_transfer_moves_stock_between_stockpiles_and_refuses_more_than_is_usable()
    {
        await Seed(new { category = "3010101", quantity = 30 });

        var moved = await PostTo(Stockpile + "/transfers", """{"to":"500103001-S01","category":"3010101","quantity":12}""", "tr-1");
        var refused = await PostTo(Stockpile + "/transfers", """{"to":"500103001-S01","category":"3010101","quantity":100}""", "tr-2");

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("Done", (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stage").GetString());
        await AssertProblem(refused, HttpStatusCode.Conflict);
        Assert.Equal(18, await Usable("3010101"));
        var depot = await Silo.Http.GetFromJsonAsync<JsonElement>("/api/v1/stockpiles/500103001-S01");
        Assert.Equal(12, depot.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("category").GetString() == "3010101").GetProperty("usable").GetInt32());
    }

    private Task<HttpResponseMessage> PostTo(string url, string json, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return Silo.Http.SendAsync(request);
    }

    private async Task Seed(object receipt) =>
        Assert.Equal(HttpStatusCode.Created, (await Post("/receipts", receipt, key: "seed-" + Guid.NewGuid())).StatusCode);

    private Task<HttpResponseMessage> Post(string path, object body, string key) =>
        PostRaw(path, JsonSerializer.Serialize(body), key);

    private Task<HttpResponseMessage> PostRaw(string path, string json, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Stockpile + path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (!string.IsNullOrEmpty(key)) request.Headers.Add("Idempotency-Key", key);
        return Silo.Http.SendAsync(request);
    }

    private async Task<int> Usable(string category)
    {
        var status = await Silo.Http.GetFromJsonAsync<JsonElement>(Stockpile);
        return status.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("category").GetString() == category).GetProperty("usable").GetInt32();
    }

    private async Task<List<JsonElement>> Ledger() =>
        (await Silo.Http.GetFromJsonAsync<JsonElement>(Stockpile + "/ledger")).EnumerateArray().ToList();

    private static async Task<string> Json(HttpResponseMessage response, string property) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty(property).GetRawText();

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
    }
}
