using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using ThreeSocial.Storage;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Benchmarks.Storage;
using ThreeSocial.TestGrains;
using ThreeSocial.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ThreeSocial.Tests.Storage;

/// <summary>
/// The real silo over HTTP while its storage server is stopped for 30 seconds under load: writes answer 503 quickly
/// (never a silent success), reads of active grains go on, writes recover by themselves when storage returns, and every
/// acknowledged write is there afterwards, read cold by a new silo.
/// </summary>
public abstract class StorageOutageTests(ITestOutputHelper output)
{
    public static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    protected abstract StorageServer Server { get; }

    /// <summary>What /healthz calls the provider.</summary>
    protected abstract string ProviderName { get; }

    protected abstract Task<string[]> FreshStorageArgsAsync();

    /// <summary>Acknowledged writes before the outage and again after it: fewer on a slow store.</summary>
    protected virtual int Flow => 200;

    [Fact]
    public async Task Storage_down_for_30_seconds_under_load_gives_503s_then_recovers_and_loses_no_acknowledged_write()
    {
        var storage = await FreshStorageArgsAsync();
        var acknowledged = new ConcurrentDictionary<string, string>(); // Idempotency-Key -> stockpile
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        var slowestFailureMs = 0L;
        string[] stockpiles;
        await using (var silo = await RunningSilo.StartAsync(storage))
        {
            stockpiles = silo.Services.GetRequiredService<RegionCatalog>().City.Stockpiles.Take(16).Select(s => s.Id).ToArray();
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                var n = 0;
                while (!stop.IsCancellationRequested)
                {
                    var stockpile = stockpiles[(w + n) % stockpiles.Length];
                    var key = $"outage-{w}-{n++}";
                    var clock = Stopwatch.StartNew();
                    using var response = await silo.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/stockpiles/{stockpile}/receipts")
                    {
                        Headers = { { "Idempotency-Key", key } },
                        Content = JsonContent.Create(new { category = "3010101", quantity = 1 }),
                    });
                    statuses.AddOrUpdate(response.StatusCode, 1, (_, c) => c + 1);
                    if (response.IsSuccessStatusCode) acknowledged[key] = stockpile;
                    else
                    {
                        InterlockedMax(ref slowestFailureMs, clock.ElapsedMilliseconds);
                        await Task.Delay(50); // a client backing off a little, as Retry-After asks
                    }
                }
            })).ToList();

            await Eventually.True(() => Task.FromResult(acknowledged.Count >= Flow), "writes flow before the outage", 60_000);
            var healthy = await silo.Http.GetFromJsonAsync<JsonElement>("/healthz");
            Assert.Equal(ProviderName, healthy.GetProperty("storage").GetProperty("provider").GetString());
            Assert.True(healthy.GetProperty("storage").GetProperty("reachable").GetBoolean());
            // Every stockpile read is active before storage goes (on a slow store some may not have been written yet).
            foreach (var stockpile in stockpiles) Assert.Equal(HttpStatusCode.OK, (await silo.Http.GetAsync($"/api/v1/stockpiles/{stockpile}")).StatusCode);
            await Server.StopAsync();
            // The server is shared with the other tests of its collection: it comes back even when an assertion below fails.
            await using var restart = new Restart(Server);
            var downAt = acknowledged.Count;
            var health = await silo.Http.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.False((await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("storage").GetProperty("reachable").GetBoolean());
            var reads = 0;
            var outage = Stopwatch.StartNew();
            while (outage.Elapsed < Outage)
            {
                var read = await silo.Http.GetAsync($"/api/v1/stockpiles/{stockpiles[reads++ % stockpiles.Length]}");
                Assert.Equal(HttpStatusCode.OK, read.StatusCode); // active grains answer from memory
                await Task.Delay(200);
            }
            var duringOutage = acknowledged.Count - downAt;
            await Server.StartAsync();
            var upAt = acknowledged.Count;
            await Eventually.True(() => Task.FromResult(acknowledged.Count >= upAt + Flow), "writes recover by themselves", 60_000);
            Assert.Equal(HttpStatusCode.OK, (await silo.Http.GetAsync("/healthz")).StatusCode);
            await stop.CancelAsync();
            await Task.WhenAll(writers);

            output.WriteLine($"acknowledged {acknowledged.Count}; statuses {string.Join(", ", statuses.Select(s => $"{(int)s.Key}: {s.Value}"))}; " +
                $"slowest failure {slowestFailureMs} ms; {reads} reads during the outage");
            Assert.InRange(duringOutage, 0, 8); // at most the writes already in flight when the server went
            Assert.True(statuses.GetValueOrDefault(HttpStatusCode.ServiceUnavailable) > 0, "writes during the outage answered 503");
            Assert.All(statuses.Keys, s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable or HttpStatusCode.Conflict, $"unexpected {s}"));
            Assert.InRange(slowestFailureMs, 0, 15_000); // fails fast: a request timeout, never a hang
        }

        // A new silo reads every stockpile cold: each acknowledged receipt is in its ledger.
        await using var after = await RunningSilo.StartAsync(storage);
        foreach (var group in acknowledged.GroupBy(a => a.Value))
        {
            var stored = new HashSet<string>();
            for (long last = 0; ;)
            {
                var page = await after.Http.GetFromJsonAsync<JsonElement>($"/api/v1/stockpiles/{group.Key}/ledger?after={last}&take=100");
                if (page.GetArrayLength() == 0) break;
                foreach (var entry in page.EnumerateArray()) stored.Add(entry.GetProperty("requestId").GetString()!);
                last = page[page.GetArrayLength() - 1].GetProperty("sequence").GetInt64();
            }
            var lost = group.Select(a => a.Key).Where(k => !stored.Contains(k)).ToList();
            Assert.True(lost.Count == 0, $"{group.Key} lost {lost.Count} acknowledged receipts, e.g. {string.Join(", ", lost.Take(3))}");
        }
    }

    [Fact]
    public async Task With_the_server_down_the_reminder_table_reports_storage_unavailable_and_works_again_when_it_returns()
    {
        await using var silo = await RunningSilo.StartAsync(await FreshStorageArgsAsync());
        var table = silo.Services.GetRequiredService<IReminderTable>();
        ReminderEntry Deadline() => new() { GrainId = GrainId.Create("outage", "incident-1"), ReminderName = "on-scene", StartAt = DateTime.UtcNow.AddHours(2), Period = TimeSpan.FromMinutes(1) };
        Assert.NotNull(await table.UpsertRow(Deadline())); // the table works: what fails below is the outage
        var grain = silo.Grains.GetGrain<IReminderProbeGrain>("outage-probe");
        await grain.Fired("deadline"); // active, its state read: during the outage it only sets a reminder

        Exception? refused, refusedToGrain;
        await using (new Restart(Server))
        {
            await Server.StopAsync();
            refused = await Record.ExceptionAsync(() => table.UpsertRow(Deadline()));
            refusedToGrain = await Record.ExceptionAsync(() => grain.RegisterAt("deadline", DateTimeOffset.UtcNow.AddHours(2), null));
            await StartAgain(Server);
        }

        Assert.IsType<GrainStorageException>(refused);
        Assert.IsType<GrainStorageException>(refusedToGrain); // what the API answers 503 (retry), not 500
        Assert.NotNull(await WhenBack(() => table.UpsertRow(Deadline())));
    }

    /// <summary>A killed PostgreSQL's processes may hold its lock file for a moment: starting again waits for them.</summary>
    private static async Task StartAgain(StorageServer server)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { await server.StartAsync(); return; }
            catch (InvalidOperationException) when (attempt < 20) { await Task.Delay(500); }
        }
    }

    /// <summary>The first success once the server is back (its first connections may still be refused).</summary>
    private static async Task<T> WhenBack<T>(Func<Task<T>> operation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return await operation(); }
            catch (GrainStorageException) when (attempt < 30) { await Task.Delay(500); }
        }
    }

    private sealed class Restart(StorageServer server) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (!server.Running) await server.StartAsync();
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}

[Collection(PostgresCollection.Name)]
[Trait("Category", TestCategory.Storage)]
public sealed class PostgresOutageTests(ITestOutputHelper output, PostgresFixture postgres) : StorageOutageTests(output)
{
    protected override StorageServer Server => postgres.Server;

    protected override string ProviderName => "postgres";

    protected override async Task<string[]> FreshStorageArgsAsync() =>
        ["--Storage:Provider", "Postgres", "--Storage:Postgres:ConnectionString", await postgres.NewDatabaseAsync()];
}

[Collection(AzuriteCollection.Name)]
[Trait("Category", TestCategory.Storage)]
public sealed class AzureStorageOutageTests(ITestOutputHelper output, AzuriteFixture azurite) : StorageOutageTests(output)
{
    protected override StorageServer Server => azurite.Server;

    protected override string ProviderName => "azurestorage";

    protected override int Flow => 60; // Azurite: some 15 receipts a second here, each a few blob requests

    protected override Task<string[]> FreshStorageArgsAsync() =>
        Task.FromResult(azurite.NewStorage().SelectMany(s => new[] { "--" + s.Key, s.Value! }).ToArray());
}
