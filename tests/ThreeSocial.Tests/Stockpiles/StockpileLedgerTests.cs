using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Stockpiles;

[Trait("Category", TestCategory.Grain)]
public sealed class StockpileLedgerTests : RuntimeTest
{
    private static readonly string[] Categories = ["1010101", "1040101", "3010101"]; // water and first-aid kits expire; sandbags do not
    private static DateOnly Today => ChongqingTime.Today(TimeProvider.System);

    /// <summary>
    /// Twenty random histories of 150 movements, each on a stockpile of its own, side by side on one silo that restarts
    /// half-way through all of them: what was acknowledged before the restart must come back.
    /// </summary>
    [Fact]
    public async Task Random_movements_keep_stock_equal_to_the_ledger_never_negative_issued_first_expiry_first()
    {
        var histories = Enumerable.Range(1, 20).Select(seed => new History(seed)).ToList();

        await Task.WhenAll(histories.Select(h => h.Run(() => Grains, 0, 75)));
        await RestartAsync();
        await Task.WhenAll(histories.Select(h => h.Run(() => Grains, 75, 150)));
    }

    /// <summary>One seeded history: the movements it sent (to replay some) and the checks after each.</summary>
    private sealed class History(int seed)
    {
        private readonly Random _random = new(seed);
        private readonly string _id = $"500103001001-S{seed:00}";
        private readonly List<(object Command, MovementResult Result)> _sent = [];

        public async Task Run(Func<IGrainFactory> grains, int from, int to)
        {
            for (var step = from; step < to; step++)
            {
                try
                {
                    await Step(grains().GetGrain<IStockpileGrain>(_id), step);
                }
                catch (Exception e) when (e is not DomainRuleException)
                {
                    throw new InvalidOperationException($"history {seed}, step {step}: {e.Message}", e);
                }
            }
        }

        private async Task Step(IStockpileGrain stockpile, int step)
        {
            var category = Categories[_random.Next(Categories.Length)];
            var before = await Snapshot(stockpile);
            var roll = _random.Next(100);
            if (roll < 8 && _sent.Count > 0)
            {
                var (command, first) = _sent[_random.Next(_sent.Count)];
                var replay = await Send(stockpile, command);
                Assert.True(replay.Replayed);
                Assert.Equal(first.Entries.ToArray(), replay.Entries.ToArray()); // ImmutableArray equality is by reference
                Assert.Equal(before, await Snapshot(stockpile));
                return;
            }
            object next = roll switch
            {
                < 40 => new ReceiveSupplies($"r{step}", category, _random.Next(1, 200),
                    category == "3010101" ? null : Today.AddDays(_random.Next(-20, 400)), "worker-1"),
                < 75 => new IssueSupplies($"i{step}", category, _random.Next(1, 300), "worker-2", "incident"),
                < 85 when before.Batches.Count > 0 => Adjustment(_random, step, before),
                < 95 when before.Batches.Count > 0 => new CountBatch($"c{step}", before.Batches[_random.Next(before.Batches.Count)].BatchId, _random.Next(0, 250), "auditor"),
                _ => new WriteOffExpired($"w{step}", "auditor"),
            };
            MovementResult result;
            try
            {
                result = await Send(stockpile, next);
            }
            catch (DomainRuleException)
            {
                Assert.Equal(before, await Snapshot(stockpile)); // refused, so nothing changed
                return;
            }
            if (result.Entries.Length > 0) _sent.Add((next, result)); // a write-off with nothing expired records nothing to replay
            var after = await Snapshot(stockpile);
            AssertLedgerMatchesStock(after);
            if (next is IssueSupplies issue) AssertFirstExpiryFirst(before, issue, result);
            if (next is WriteOffExpired) Assert.DoesNotContain(after.Batches, b => b.Expiry < Today);
        }
    }

    [Fact]
    public async Task Issue_draws_the_earliest_expiry_first_and_never_expired_stock()
    {
        var stockpile = Grains.GetGrain<IStockpileGrain>("500103001001-S01");
        await stockpile.Receive(new ReceiveSupplies("late", "1010101", 10, Today.AddDays(100), "w"));
        await stockpile.Receive(new ReceiveSupplies("expired", "1010101", 10, Today.AddDays(-1), "w"));
        await stockpile.Receive(new ReceiveSupplies("soon", "1010101", 10, Today.AddDays(5), "w"));

        var issued = await stockpile.Issue(new IssueSupplies("need-15", "1010101", 15, "w"));

        Assert.Equal([(Today.AddDays(5), -10), (Today.AddDays(100), -5)],
            issued.Entries.Select(e => (Expiry(e.BatchId!), e.Delta)).ToList());
        await Assert.ThrowsAsync<DomainRuleException>(() => stockpile.Issue(new IssueSupplies("need-6", "1010101", 6, "w")));
        var water = (await stockpile.GetStatus()).Categories.Single(c => c.Category == "1010101");
        Assert.Equal((15, 5, 10), (water.OnHand, water.Usable, water.Expired));

        DateOnly? Expiry(string batchId) => new[] { ("B00001", Today.AddDays(100)), ("B00002", Today.AddDays(-1)), ("B00003", Today.AddDays(5)) }
            .Single(b => b.Item1 == batchId).Item2;
    }

    [Fact]
    public async Task A_resent_request_counts_once_and_a_reused_id_with_other_content_is_refused()
    {
        var stockpile = Grains.GetGrain<IStockpileGrain>("500103001002-S01");
        var receive = new ReceiveSupplies("phone-retry-1", "3010101", 100, null, "grid-worker");

        var first = await stockpile.Receive(receive);
        var again = await stockpile.Receive(receive);

        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(100, (await stockpile.GetStatus()).Categories.Single(c => c.Category == "3010101").OnHand);
        await Assert.ThrowsAsync<ArgumentException>(() => stockpile.Receive(receive with { Quantity = 999 }));
        Assert.Single(await stockpile.GetLedger(0, 100));
    }

    [Fact]
    public async Task Status_flags_categories_below_their_minimum_and_stock_expiring_within_30_days()
    {
        var stockpile = Grains.GetGrain<IStockpileGrain>("500103001003-S01");
        await stockpile.SetMinimum(new SetMinimumLevel("min", "1010101", 50, "w"));
        await stockpile.Receive(new ReceiveSupplies("w1", "1010101", 40, Today.AddDays(10), "w"));
        await stockpile.Receive(new ReceiveSupplies("w2", "1010101", 30, Today.AddDays(90), "w"));

        var water = (await stockpile.GetStatus()).Categories.Single(c => c.Category == "1010101");
        Assert.Equal((70, 40, false), (water.Usable, water.ExpiringWithin30Days, water.BelowMinimum));

        await stockpile.Issue(new IssueSupplies("use", "1010101", 25, "w"));
        var after = await stockpile.GetStatus();
        Assert.True(after.Categories.Single(c => c.Category == "1010101").BelowMinimum);
        Assert.Equal(20, after.Categories.Length);
    }

    public static TheoryData<object> BadCommands => new()
    {
        new ReceiveSupplies("b1", "9999999", 10, null, "w"),                   // unknown category
        new ReceiveSupplies("b2", "3010101", 0, null, "w"),                    // nothing
        new ReceiveSupplies("b3", "3010101", -5, null, "w"),                   // negative
        new ReceiveSupplies("b4", "3010101", 2_000_000, null, "w"),            // absurd
        new ReceiveSupplies("b5", "1010101", 10, null, "w"),                   // water without expiry
        new ReceiveSupplies("b6", "1010101", 10, new DateOnly(1900, 1, 1), "w"), // implausible expiry
        new ReceiveSupplies("b7", "3010101", 10, null, ""),                    // nobody
        new ReceiveSupplies("b8", "3010101", 10, null, "w", new string('x', 5000)), // huge note
        new ReceiveSupplies("", "3010101", 10, null, "w"),                     // no request id
        new IssueSupplies("b9", "3010101", 0, "w"),
        new AdjustBatch("b10", "B99999", 5, "w", "no such batch"),
        new CountBatch("b11", "B00001", -1, "w"),
    };

    [Theory]
    [MemberData(nameof(BadCommands))]
    public async Task Bad_input_is_refused_and_changes_nothing(object command)
    {
        var stockpile = Grains.GetGrain<IStockpileGrain>("500103001004-S01");
        await stockpile.Receive(new ReceiveSupplies("seed", "3010101", 10, null, "w"));
        var before = await Snapshot(stockpile);

        // The shared checks (Require) already say InvalidRequestException; the stockpile's own still say ArgumentException.
        var refused = await Record.ExceptionAsync(() => Send(stockpile, command));
        Assert.True(refused is InvalidRequestException or ArgumentException, $"refused as bad input, not with {refused?.GetType().Name ?? "nothing"}");

        Assert.Equal(before, await Snapshot(stockpile));
    }

    // ---- helpers ----

    private sealed record StockSnapshot(IReadOnlyList<Batch> Batches, IReadOnlyList<LedgerEntry> Ledger)
    {
        public bool Equals(StockSnapshot? other) => other is not null && Batches.SequenceEqual(other.Batches) && Ledger.SequenceEqual(other.Ledger);
        public override int GetHashCode() => Ledger.Count;
    }

    private static async Task<StockSnapshot> Snapshot(IStockpileGrain stockpile)
    {
        var batches = new List<Batch>();
        foreach (var category in Categories) batches.AddRange(await stockpile.GetBatches(category));
        return new StockSnapshot(batches, await stockpile.GetLedger(0, 1000));
    }

    private static void AssertLedgerMatchesStock(StockSnapshot s)
    {
        Assert.All(s.Batches, b => Assert.True(b.Quantity >= 0));
        foreach (var category in Categories)
            Assert.Equal(s.Ledger.Where(e => e.Category == category).Sum(e => e.Delta), s.Batches.Where(b => b.Category == category).Sum(b => b.Quantity));
        Assert.Equal(Enumerable.Range(1, s.Ledger.Count).Select(i => (long)i), s.Ledger.Select(e => e.Sequence));
    }

    /// <summary>The batches an issue drew from are the first ones in expiry order, all but the last emptied.</summary>
    private static void AssertFirstExpiryFirst(StockSnapshot before, IssueSupplies issue, MovementResult result)
    {
        var usable = before.Batches.Where(b => b.Category == issue.Category && b.Quantity > 0 && !(b.Expiry < Today))
            .OrderBy(b => b.Expiry ?? DateOnly.MaxValue).ThenBy(b => b.ReceivedAt).ToList();
        var drawn = result.Entries.Select(e => e.BatchId).ToList();
        Assert.Equal(usable.Take(drawn.Count).Select(b => b.BatchId), drawn);
        Assert.Equal(issue.Quantity, -result.Entries.Sum(e => e.Delta));
        for (var i = 0; i < drawn.Count - 1; i++) Assert.Equal(-usable[i].Quantity, result.Entries[i].Delta);
    }

    private static AdjustBatch Adjustment(Random random, int step, StockSnapshot before)
    {
        var batch = before.Batches[random.Next(before.Batches.Count)];
        var delta = random.Next(-batch.Quantity - 5, 50);
        return new AdjustBatch($"a{step}", batch.BatchId, delta == 0 ? 1 : delta, "auditor", "recount");
    }

    private static Task<MovementResult> Send(IStockpileGrain stockpile, object command) => command switch
    {
        ReceiveSupplies c => stockpile.Receive(c),
        IssueSupplies c => stockpile.Issue(c),
        AdjustBatch c => stockpile.Adjust(c),
        CountBatch c => stockpile.Stocktake(c),
        WriteOffExpired c => stockpile.WriteOffExpired(c),
        _ => throw new ArgumentException(command.GetType().Name),
    };
}
