using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Users;
using ThreeSocial.Storage;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Auth;

/// <summary>A silo whose signing key the test knows (to forge tokens with) and whose limits are low enough to reach.</summary>
public sealed class SignInSiloFixture : IAsyncLifetime
{
    public static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    public RunningSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await RunningSilo.StartAsync(
        "--Auth:SigningKey", Convert.ToBase64String(Key), "--Auth:SignIn:MaxFailures", "3", "--Auth:SignIn:LockoutDuration", "00:10:00",
        "--Live:AccessCheckInterval", "00:00:01");

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}

[Trait("Category", TestCategory.Api)]
public sealed class SignInTests(SignInSiloFixture fixture) : IClassFixture<SignInSiloFixture>
{
    private RunningSilo Silo => fixture.Silo;

    private static string Forge(Action<SecurityTokenDescriptor> change, byte[]? key = null)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = "threesocial", Audience = "threesocial-api", Expires = DateTime.UtcNow.AddHours(1), NotBefore = DateTime.UtcNow.AddMinutes(-1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? SignInSiloFixture.Key), SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object> { ["sub"] = "operator", ["role"] = new[] { "operator" }, ["jur"] = new[] { "500000" }, ["stamp"] = 1 },
        };
        change(descriptor);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private async Task<HttpStatusCode> WithToken(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Silo.Anonymous.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_token_signed_right_is_accepted_and_expired_tampered_wrong_audience_issuer_key_or_unsigned_ones_are_refused()
    {
        Assert.Equal(HttpStatusCode.OK, await WithToken(Forge(_ => { }))); // the control: the forgery kit itself works

        Assert.Equal(HttpStatusCode.Unauthorized, await WithToken(Forge(d => { d.NotBefore = DateTime.UtcNow.AddHours(-3); d.Expires = DateTime.UtcNow.AddMinutes(-5); d.IssuedAt = DateTime.UtcNow.AddHours(-3); })));
        Assert.Equal(HttpStatusCode.Unauthorized, await WithToken(Forge(d => d.Audience = "someone-else")));
        Assert.Equal(HttpStatusCode.Unauthorized, await WithToken(Forge(d => d.Issuer = "someone-else")));
        Assert.Equal(HttpStatusCode.Unauthorized, await WithToken(Forge(_ => { }, RandomNumberGenerator.GetBytes(32))));

        // Tampered: a grid worker's real token with its jurisdiction widened to the whole city, signature kept.
        var community = Silo.Services.GetRequiredService<RegionCatalog>().City.Communities[0].Code;
        await Silo.As(Role.GridWorker, community);
        var real = await Silo.TokenFor(RunningSilo.NameFor(Role.GridWorker, community), RunningSilo.Password);
        var parts = real.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64UrlEncoder.Decode(parts[1]))!;
        payload["jur"] = JsonSerializer.SerializeToElement(new[] { "500000" });
        Assert.Equal(HttpStatusCode.OK, await WithToken(real));
        Assert.Equal(HttpStatusCode.Unauthorized, await WithToken($"{parts[0]}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload))}.{parts[2]}"));

        // Unsigned ("alg": "none").
        var none = $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{parts[1]}.";
        Assert.Equal(HttpStatusCode.Unauthorized, await WithToken(none));
        Assert.Equal(HttpStatusCode.Unauthorized, await WithToken("not-a-token"));

        var refused = await Silo.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me") { Headers = { Authorization = new("Bearer", "not-a-token") } });
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Bearer", refused.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Changing_or_disabling_an_account_refuses_the_tokens_it_already_had()
    {
        var admin = await Silo.As(Role.Admin, "500000");
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { name = "revoke-me", password = "a-long-enough-password", roles = new[] { "operator" }, jurisdiction = new[] { "500103" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = await Silo.TokenFor("revoke-me", "a-long-enough-password");
        Assert.Equal(HttpStatusCode.OK, await WithToken(token));

        var moved = await admin.PatchAsJsonAsync("/api/v1/users/revoke-me", new { jurisdiction = new[] { "500105" } });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await WithToken(token)); // it said 500103; the account no longer does

        var fresh = await Silo.TokenFor("revoke-me", "a-long-enough-password");
        Assert.Equal(HttpStatusCode.OK, await WithToken(fresh));
        await admin.PatchAsJsonAsync("/api/v1/users/revoke-me", new { disabled = true });
        Assert.Equal(HttpStatusCode.Unauthorized, await WithToken(fresh));
        var signIn = await Silo.Anonymous.PostAsJsonAsync("/api/v1/auth/token", new { userName = "revoke-me", password = "a-long-enough-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
    }

    [Fact]
    public async Task A_map_connection_is_closed_when_its_account_is_disabled_or_moved_and_one_whose_account_is_unchanged_stays_open()
    {
        var admin = await Silo.As(Role.Admin, "500000");
        string[] names = ["map-disabled", "map-moved", "map-kept"];
        var maps = new Dictionary<string, HubConnection>();
        var closed = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        try
        {
            foreach (var name in names)
            {
                var created = await admin.PostAsJsonAsync("/api/v1/users", new { name, password = "a-long-enough-password", roles = new[] { "operator" }, jurisdiction = new[] { "500103" } });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                var token = await Silo.TokenFor(name, "a-long-enough-password");
                var map = new HubConnectionBuilder().WithUrl(new Uri(Silo.BaseAddress, "/hubs/city"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token)).Build();
                map.Closed += _ => { closed[name] = true; return Task.CompletedTask; };
                await map.StartAsync();
                await map.InvokeAsync<JsonElement>("Join", "500103");
                maps[name] = map;
            }

            Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync("/api/v1/users/map-disabled", new { disabled = true })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync("/api/v1/users/map-moved", new { jurisdiction = new[] { "500105" } })).StatusCode);

            // Checked every second here (30 s by default): within the 60 s the service promises.
            await Eventually.True(() => Task.FromResult(closed.ContainsKey("map-disabled") && closed.ContainsKey("map-moved")), "both changed accounts' maps closed", 60_000);
            // The watch has run since the change (it closed those two); the unchanged account's map is open and served.
            Assert.False(closed.ContainsKey("map-kept"));
            Assert.Equal(HubConnectionState.Connected, maps["map-kept"].State);
            await maps["map-kept"].InvokeAsync<JsonElement>("Join", "500103");
        }
        finally
        {
            foreach (var map in maps.Values) await map.DisposeAsync();
        }
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_even_against_the_right_one_until_an_administrator_sets_a_new_one()
    {
        var admin = await Silo.As(Role.Admin, "500000");
        await admin.PostAsJsonAsync("/api/v1/users", new { name = "lock-me", password = "the-right-password", roles = new[] { "street-office" }, jurisdiction = new[] { "500103001" } });
        async Task<HttpResponseMessage> SignIn(string password) => await Silo.Anonymous.PostAsJsonAsync("/api/v1/auth/token", new { userName = "lock-me", password });

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn("a-wrong-password")).StatusCode);
        var locked = await SignIn("the-right-password");

        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("账号锁定至", (await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.NotNull((await admin.GetFromJsonAsync<JsonElement>("/api/v1/users/lock-me")).GetProperty("lockedUntil").GetString());

        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync("/api/v1/users/lock-me", new { password = "a-new-right-password" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn("the-right-password")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignIn("a-new-right-password")).StatusCode);

        // An unknown name gets the same answer as a wrong password.
        var unknown = await Silo.Anonymous.PostAsJsonAsync("/api/v1/auth/token", new { userName = "nobody-at-all", password = "whatever-it-is" });
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal((await (await SignIn("a-wrong-password")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(),
            (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Every_change_and_refused_attempt_is_in_the_audit_log_with_who_what_when_and_from_where_and_reads_are_not()
    {
        var catalog = Silo.Services.GetRequiredService<RegionCatalog>();
        var community = catalog.City.Communities.First(c => c.Code.StartsWith("500106", StringComparison.Ordinal)).Code;
        var stockpile = catalog.City.Stockpiles.First(s => s.OwnerCode == community).Id;
        var worker = await Silo.As(Role.GridWorker, community);
        var name = RunningSilo.NameFor(Role.GridWorker, community);
        var since = DateTimeOffset.UtcNow;

        var receipt = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/stockpiles/{stockpile}/receipts")
        {
            Headers = { { "Idempotency-Key", "audit-1" } }, Content = JsonContent.Create(new { category = "3010101", quantity = 3 }),
        };
        Assert.Equal(HttpStatusCode.Created, (await worker.SendAsync(receipt)).StatusCode);
        await worker.GetAsync($"/api/v1/stockpiles/{stockpile}");
        var refused = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/stockpiles/{stockpile}/adjustments")
        {
            Headers = { { "Idempotency-Key", "audit-2" } }, Content = JsonContent.Create(new { batchId = "B00001", delta = 1, reason = "x" }),
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.SendAsync(refused)).StatusCode);

        var admin = await Silo.As(Role.Admin, "500000");
        var entries = (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?user={name}&take=100")).EnumerateArray()
            .Select(e => e.GetProperty("entry")).ToList();
        Assert.Equal(2, entries.Count); // the receipt and the refused adjustment; the read is not a change
        var stored = entries[0];
        Assert.Equal(("ReceiveSupplies", "POST", $"/api/v1/stockpiles/{stockpile}/receipts", 201, "127.0.0.1", "audit-1"),
            (stored.GetProperty("action").GetString(), stored.GetProperty("method").GetString(), stored.GetProperty("path").GetString(),
             stored.GetProperty("status").GetInt32(), stored.GetProperty("from").GetString(), stored.GetProperty("idempotencyKey").GetString()));
        Assert.True(stored.GetProperty("at").GetDateTimeOffset() >= since.AddSeconds(-1));
        Assert.Equal(("AdjustBatch", 403), (entries[1].GetProperty("action").GetString(), entries[1].GetProperty("status").GetInt32()));
        // Sign-ins are there too, under the name that was tried.
        Assert.Contains((await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?take=1000")).EnumerateArray(),
            e => e.GetProperty("entry").GetProperty("action").GetString() == "SignIn" && e.GetProperty("entry").GetProperty("user").GetString()!.StartsWith(name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Passwords_are_stored_as_salted_PBKDF2_hashes_never_as_given()
    {
        var admin = await Silo.As(Role.Admin, "500000");
        await admin.PostAsJsonAsync("/api/v1/users", new { name = "hash-me", password = "plain-text-never", roles = new[] { "admin" }, jurisdiction = new[] { "500000" } });
        await admin.PostAsJsonAsync("/api/v1/users", new { name = "hash-me-too", password = "plain-text-never", roles = new[] { "admin" }, jurisdiction = new[] { "500000" } });

        var storage = Silo.Services.GetService(typeof(IStateStore)) as IStateStore;
        var first = Encoding.UTF8.GetString((await storage!.ReadAsync("user", new GrainKey("user", "hash-me")))!.Data);
        var second = Encoding.UTF8.GetString((await storage.ReadAsync("user", new GrainKey("user", "hash-me-too")))!.Data);

        Assert.DoesNotContain("plain-text-never", first);
        Assert.Contains("pbkdf2-sha512$", first);
        string Hash(string json) => JsonDocument.Parse(json).RootElement.EnumerateObject().Single(p => p.NameEquals("passwordHash") || p.NameEquals("PasswordHash")).Value.GetString()!;
        Assert.NotEqual(Hash(first), Hash(second)); // salted: the same password, two different hashes
    }

    [Fact]
    public async Task Bad_account_requests_are_400s_and_create_nothing()
    {
        var admin = await Silo.As(Role.Admin, "500000");
        object[] bad =
        [
            new { name = "Bad Name!", password = "a-long-enough-password", roles = new[] { "operator" }, jurisdiction = new[] { "500103" } },
            new { name = "short-pass", password = "short", roles = new[] { "operator" }, jurisdiction = new[] { "500103" } },
            new { name = "no-role", password = "a-long-enough-password", roles = Array.Empty<string>(), jurisdiction = new[] { "500103" } },
            new { name = "bad-role", password = "a-long-enough-password", roles = new[] { "emperor" }, jurisdiction = new[] { "500103" } },
            new { name = "grid-too-wide", password = "a-long-enough-password", roles = new[] { "grid-worker" }, jurisdiction = new[] { "500103" } },
            new { name = "nowhere", password = "a-long-enough-password", roles = new[] { "operator" }, jurisdiction = new[] { "110101" } },
        ];
        foreach (var body in bad)
        {
            var response = await admin.PostAsJsonAsync("/api/v1/users", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
        var names = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/users")).EnumerateArray().Select(u => u.GetProperty("name").GetString()).ToList();
        Assert.DoesNotContain("short-pass", names);
        Assert.DoesNotContain("grid-too-wide", names);
        Assert.DoesNotContain("nowhere", names);
    }
}
