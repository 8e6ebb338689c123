using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Silo;
using ThreeSocial.Storage;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Storage;

/// <summary>
/// The upgrade: a store written by the last version on our own runtime (7b48ec8) opens on Orleans and reads as before.
/// In it, the demo operator signed in and reported a flood at 17:05 (+00:00) on 2026-11-27 with nobody on duty; the
/// previous version stored the accounts, the incident's journal and its deadlines as one-shot reminders (period zero).
/// </summary>
[Trait("Category", TestCategory.Storage)]
public sealed class PreviousVersionStoreTests : IAsyncLifetime, IDisposable
{
    private const string Incident = "INC-500103001-3AEA78DAC329";
    private readonly TempDirectory _temp = new();
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var store = _temp.File("previous.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Storage", "previous-version.db"), store);
        // Opened as if the upgrade came a day later: the deadlines it holds are all past (the rows keep their old shape).
        using (var connection = new SqliteConnection($"Data Source={store};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE reminders SET due_ms = due_ms - $shift";
            command.Parameters.AddWithValue("$shift", (long)(DateTimeOffset.UtcNow - new DateTimeOffset(2026, 11, 26, 17, 0, 0, TimeSpan.Zero)).TotalMilliseconds);
            command.ExecuteNonQuery();
        }
        _app = SiloApplication.Build(["--urls", "http://127.0.0.1:0", "--Storage:Sqlite:Path", store,
            "--Orleans:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture), "--Logging:LogLevel:Default", "Warning",
            "--City:WarmUpOnStart", "false", "--City:LoadDemo", "false", "--Auth:DemoUsers", "false",
            "--Auth:PermitsPerSecond", "1000000", "--Auth:Burst", "1000000", "--Auth:SignInsPerMinute", "100000"]); // the test polls
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>After <see cref="DisposeAsync"/> (xUnit calls it first): the folder goes once the silo has closed its file.</summary>
    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Accounts_journals_and_one_shot_deadlines_of_the_previous_version_are_read_and_kept()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
        using var signIn = await http.PostAsJsonAsync("/api/v1/auth/token", new { userName = "operator", password = "threesocial-demo" });
        signIn.EnsureSuccessStatusCode(); // the account and its password hash, as the previous version stored them
        var token = (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        async Task<JsonElement> Get() => await http.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{Incident}");
        static string[] Kinds(JsonElement incident) => [.. incident.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("kind").GetString()!)];

        var before = await Get();
        Assert.Equal("Escalated", before.GetProperty("stage").GetString());
        Assert.Equal(["Reported", "ReportedUp", "Dispatched", "Escalated", "SuppliesIssued", "Escalated"], Kinds(before).Take(6)); // its journal

        // Both deadlines are past: the previous version's one-shot rows fire once after the upgrade (at most a minute
        // late) and are forgotten, as the timeline and the reminder table show.
        await Eventually.True(async () => Kinds(await Get()).Count(k => k == "DeadlineMissed") == 2, "the old deadlines fire", 90_000);
        var missed = (await Get()).GetProperty("timeline").EnumerateArray()
            .Where(t => t.GetProperty("kind").GetString() == "DeadlineMissed").Select(t => t.GetProperty("note").GetString()).Order();
        Assert.Equal(["错过时限：上报街道", "错过时限：到场"], missed); // report-up and on-scene, rendered in the default language (zh-CN)
        var reminders = _app.Services.GetRequiredService<IReminderStore>();
        await Eventually.True(async () => (await reminders.ReadAsync(new GrainKey("incident", Incident))).All(r => r.Name == "watch"),
            "the fired deadlines are forgotten");
    }
}
