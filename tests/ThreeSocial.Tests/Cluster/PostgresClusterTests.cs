using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Tests.Storage;
using Xunit;
using Xunit.Abstractions;

namespace ThreeSocial.Tests.Cluster;

/// <summary>
/// Three silo processes with Orleans membership, state, reminders and journals in one PostgreSQL, behind the front door,
/// as scripts/cluster.sh runs them. Writes are stockpile receipts: each is appended to the stockpile's journal under
/// its Idempotency-Key, so a receipt that was acknowledged and later missing from the ledger is a lost write.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private static readonly string[] Stockpiles = [.. RegionCatalog.OfDemoCity(42).City.Stockpiles.Take(48).Select(s => s.Id)];

    private async Task<ProcessCluster> StartAsync() => await ProcessCluster.StartAsync(3, new Dictionary<string, string?>(await postgres.NewStorageAsync())
    {
        ["Cluster:Provider"] = "Postgres",
        ["Cluster:ClusterId"] = "test-" + Guid.NewGuid().ToString("N")[..8],
    });

    [Fact]
    public async Task One_activation_per_grain_while_three_silos_call_it_at_once_and_a_SIGKILL_under_load_loses_no_acknowledged_write()
    {
        await using var cluster = await StartAsync();

        // One stockpile written through all three silos at once: two activations would each append at the length they
        // know, and one of them would be refused (409) or the ledger would repeat a sequence number.
        var perSilo = await Task.WhenAll(cluster.Silos.Select(async silo =>
        {
            using var http = await ProcessCluster.SignedInAsync(silo.Url);
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 40; i++) statuses.Add(await ReceiptAsync(http, Stockpiles[0], $"same-{silo.Number}-{i}"));
            return statuses;
        }));
        Assert.All(perSilo, statuses => Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s)));
        using var door = await cluster.ClientAsync();
        var ledger = await LedgerAsync(door, Stockpiles[0]);
        Assert.Equal(Enumerable.Range(1, 120).Select(i => (long)i), ledger.Select(e => e.Sequence));
        Assert.Equal(120, ledger.Select(e => e.RequestId).Distinct().Count());

        // Write load through the front door; SIGKILL one silo in the middle of it.
        var acknowledged = new ConcurrentDictionary<string, string>(); // Idempotency-Key -> stockpile
        var firstAfterKill = new ConcurrentDictionary<string, TimeSpan>(); // stockpile -> from the kill to its first 201 after it
        var killedAt = TimeSpan.MaxValue.Ticks;
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 12).Select(w => Task.Run(async () =>
        {
            using var http = await cluster.ClientAsync();
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var stockpile = Stockpiles[1 + (w + n * 12) % (Stockpiles.Length - 1)];
                var key = $"load-{w}-{n}";
                var status = await ReceiptAsync(http, stockpile, key);
                statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
                if (status == HttpStatusCode.Created)
                {
                    acknowledged[key] = stockpile;
                    var now = clock.Elapsed.Ticks;
                    var kill = Interlocked.Read(ref killedAt);
                    if (now > kill) firstAfterKill.TryAdd(stockpile, TimeSpan.FromTicks(now - kill));
                }
                else await Task.Delay(100);
            }
        })).ToList();

        await Eventually(() => acknowledged.Count >= 400, "writes flow through the front door", 60_000);
        var victim = cluster.Silos[1];
        var ackedAtKill = acknowledged.Count;
        victim.Kill();
        Interlocked.Exchange(ref killedAt, clock.Elapsed.Ticks);
        // Every stockpile of the load is written again after the kill, those that lived on the dead silo included.
        await Eventually(() => firstAfterKill.Count == Stockpiles.Length - 1, "every stockpile answers again after the kill", 120_000);
        var recovery = firstAfterKill.Values.Select(t => t.TotalSeconds).Order().ToList();
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        output.WriteLine($"acknowledged {acknowledged.Count} ({ackedAtKill} before the kill); statuses {string.Join(", ", statuses.Select(s => $"{(int)s.Key}: {s.Value}"))}");
        output.WriteLine($"every stockpile written again after the SIGKILL: p50 {Percentile(recovery, 0.5):0.0} s, p99 {Percentile(recovery, 0.99):0.0} s, last {recovery[^1]:0.0} s");

        foreach (var group in acknowledged.GroupBy(a => a.Value))
        {
            var stored = (await LedgerAsync(door, group.Key)).Select(e => e.RequestId).ToHashSet();
            var lost = group.Select(a => a.Key).Where(k => !stored.Contains(k)).ToList();
            Assert.True(lost.Count == 0, $"{group.Key} lost {lost.Count} acknowledged receipts, e.g. {string.Join(", ", lost.Take(3))}");
        }
        Assert.True(acknowledged.Count > ackedAtKill + 100, "writes went on after the kill");
    }

    private static async Task<HttpStatusCode> ReceiptAsync(HttpClient http, string stockpile, string key)
    {
        try
        {
            using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/stockpiles/{stockpile}/receipts")
            {
                Headers = { { "Idempotency-Key", key } },
                Content = JsonContent.Create(new { category = "3010101", quantity = 1 }),
            });
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return HttpStatusCode.ServiceUnavailable; // no answer at all: not acknowledged
        }
    }

    private sealed record LedgerEntry(long Sequence, string RequestId);

    private static async Task<List<LedgerEntry>> LedgerAsync(HttpClient http, string stockpile)
    {
        var entries = new List<LedgerEntry>();
        for (long last = 0; ;)
        {
            var page = await ReadAsync(http, $"/api/v1/stockpiles/{stockpile}/ledger?after={last}&take=100");
            if (page.GetArrayLength() == 0) return entries;
            foreach (var e in page.EnumerateArray()) entries.Add(new LedgerEntry(e.GetProperty("sequence").GetInt64(), e.GetProperty("requestId").GetString()!));
            last = entries[^1].Sequence;
        }
    }

    /// <summary>A read as a client makes it: one that meets the dead silo (502 from the door) is tried again.</summary>
    private static async Task<JsonElement> ReadAsync(HttpClient http, string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.GetAsync(path);
            if (response.IsSuccessStatusCode || attempt == 5 || response.StatusCode is not (HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable))
            {
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }
            await Task.Delay(500);
        }
    }

    private static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static Task Eventually(Func<bool> condition, string what, int limitMs) =>
        Support.Eventually.True(() => Task.FromResult(condition()), what, limitMs);
}
