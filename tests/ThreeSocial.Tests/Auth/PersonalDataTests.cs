using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Users;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Auth;

/// <summary>Every log line the silo writes, at every level, from every category, with exceptions in full.</summary>
public sealed class LogSink : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

public sealed class LoggedSiloFixture : IAsyncLifetime
{
    public LogSink Logs { get; } = new();

    public RunningSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await StartAsync(Logs);

    /// <summary>A silo that writes everything to the sink, from Trace up; the console keeps its usual quiet.</summary>
    public static Task<RunningSilo> StartAsync(LogSink logs) => RunningSilo.StartAsync(services => services.AddSingleton<ILoggerProvider>(logs),
        "--Logging:LogLevel:Default", "Trace", "--Logging:LogLevel:Microsoft.AspNetCore", "Trace", "--Logging:Console:LogLevel:Default", "Warning");

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}

[Trait("Category", TestCategory.Api)]
public sealed class PersonalDataTests(LoggedSiloFixture fixture) : IClassFixture<LoggedSiloFixture>
{
    private RunningSilo Silo => fixture.Silo;
    private RegionCatalog Catalog => Silo.Services.GetRequiredService<RegionCatalog>();

    private static async Task<HttpResponseMessage> Report(HttpClient client, Region grid, object? contact, string key, string subtype = "elderly-fall") =>
        await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents")
        {
            Headers = { { "Idempotency-Key", key } },
            Content = JsonContent.Create(new
            {
                subtype, severity = "Serious", longitude = grid.Area.InteriorPoint.X, latitude = grid.Area.InteriorPoint.Y,
                description = "老人在家中跌倒", people = new { count = 1, elderlyLivingAlone = true }, contact,
            }),
        });

    [Fact]
    public async Task A_residents_contact_is_whole_for_the_grid_worker_and_street_office_of_the_place_and_masked_for_operators()
    {
        var community = Catalog.City.Communities.First(c => c.Code.StartsWith("500107", StringComparison.Ordinal));
        var grid = Catalog.Children(community.Code)[0];
        var resident = DemoResidents.For(community, 0);
        var worker = await Silo.As(Role.GridWorker, community.Code);
        var created = await Report(worker, grid, new { name = resident.Name, phone = resident.Phone, address = resident.Address }, Keys.New("mask"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        async Task<JsonElement> ContactAs(HttpClient client) =>
            (await client.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}")).GetProperty("report").GetProperty("contact");
        var whole = await ContactAs(await Silo.As(Role.StreetOffice, community.Code[..9]));
        var masked = await ContactAs(await Silo.As(Role.Operator, "500107"));
        var timeline = (await (await Silo.As(Role.Operator, "500000")).GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}")).GetProperty("timeline").ToString();

        Assert.Equal((resident.Name, resident.Phone, resident.Address), (whole.GetProperty("name").GetString(), whole.GetProperty("phone").GetString(), whole.GetProperty("address").GetString()));
        Assert.Equal(resident.Name[..1] + "*", masked.GetProperty("name").GetString()![..2]);
        Assert.Equal($"{resident.Phone[..3]}****{resident.Phone[^4..]}", masked.GetProperty("phone").GetString());
        Assert.Equal("(withheld)", masked.GetProperty("address").GetString());
        Assert.DoesNotContain(resident.Phone, timeline); // the report inside the timeline is masked too
        Assert.DoesNotContain(resident.Name, timeline);
    }

    [Fact]
    public async Task No_residents_name_or_phone_number_reaches_the_logs_whatever_happens_to_the_requests_that_carry_them()
    {
        var logs = new LogSink();
        await using var silo = await LoggedSiloFixture.StartAsync(logs); // its own: stopped before its log is read
        var community = Catalog.City.Communities.First(c => c.Code.StartsWith("500108", StringComparison.Ordinal));
        var grids = Catalog.Children(community.Code);
        var residents = Enumerable.Range(0, 12).Select(i => DemoResidents.For(community, i)).ToList();
        var worker = await silo.As(Role.GridWorker, community.Code);
        var outsider = await silo.As(Role.GridWorker, Catalog.City.Communities.First(c => c.Code.StartsWith("500109", StringComparison.Ordinal)).Code);
        var operatorClient = await silo.As(Role.Operator, "500000");

        foreach (var (resident, i) in residents.Select((r, i) => (r, i)))
        {
            var contact = new { name = resident.Name, phone = resident.Phone, address = resident.Address };
            var key = Keys.New("logs");
            var created = await Report(worker, grids[i % grids.Count], contact, key);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await Report(worker, grids[i % grids.Count], contact, key)).StatusCode);            // a replay
            Assert.Equal(HttpStatusCode.BadRequest, (await Report(worker, grids[i % grids.Count], contact, key, "flood")).StatusCode); // the key reused for another report
            Assert.Equal(HttpStatusCode.Forbidden, (await Report(outsider, grids[i % grids.Count], contact, Keys.New("x"))).StatusCode); // not their community
            Assert.Equal(HttpStatusCode.BadRequest, (await Report(worker, grids[0], new { name = resident.Name, phone = resident.Phone + "x" }, Keys.New("x"))).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await Report(worker, grids[0], new { name = resident.Name + new string('长', 60), phone = resident.Phone }, Keys.New("x"))).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await Report(worker, grids[0], new { name = resident.Name, phone = resident.Phone, extra = resident.Phone }, Keys.New("x"))).StatusCode);
            await operatorClient.GetAsync($"/api/v1/incidents/{id}");
            await worker.GetAsync($"/api/v1/incidents/{id}");
            await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{id}/cancellation", new { reason = "duplicate of an earlier call" });
        }
        // Stopped gracefully: whatever the background work (dispatch, alerts, roll-ups, deactivation) had to log is written.
        await silo.StopAsync();

        var lines = logs.Lines.ToArray();
        Assert.Contains(lines, l => l.Contains("/api/v1/incidents")); // the control: requests were logged, at every level
        Assert.Contains(lines, l => l.StartsWith("Trace", StringComparison.Ordinal) || l.StartsWith("Debug", StringComparison.Ordinal));
        foreach (var resident in residents)
        {
            Assert.DoesNotContain(lines, l => l.Contains(resident.Phone));
            Assert.DoesNotContain(lines, l => l.Contains(resident.Name));
            Assert.DoesNotContain(lines, l => l.Contains(resident.Address));
        }
    }
}
