using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Stockpiles;
using Xunit;

namespace ThreeSocial.Tests.Stockpiles;

/// <summary>The stockpile's ledger plans, stock rules and alert conditions as plain classes, without a silo.</summary>
[Trait("Category", TestCategory.Unit)]
public sealed class StockRulesTests
{
    private static readonly DateOnly Today = new(2026, 7, 20);
    private static readonly DateTimeOffset Now = new(2026, 7, 20, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly SupplyCatalog Supplies = SupplyCatalog.Load();
    private const string Water = "1010101"; // perishable, minimum 200
    private const string Tents = "1020101"; // minimum 5

    /// <summary>The state a list of receipts leaves, through the same plan and ledger path the grain takes.</summary>
    private static StockpileState Holding(params (string Category, int Quantity, DateOnly? Expiry)[] receipts)
    {
        var state = new StockpileState();
        foreach (var (r, i) in receipts.Select((r, i) => (r, i)))
            state = Carry(state, MovementPlans.Receive(Supplies, state, new ReceiveSupplies($"r{i}", r.Category, r.Quantity, r.Expiry, "w"), Today), $"r{i}");
        return state;
    }

    private static StockpileState Carry(StockpileState state, IReadOnlyList<PlannedChange> plan, string requestId)
    {
        foreach (var entry in MovementPlans.ToLedger(plan, state.Requests.Items.Values.Sum(r => r.Count), Now, "w", requestId))
            state = state.Apply(new StockEvent(entry, "fp"));
        return state;
    }

    [Fact]
    public void Issues_draw_first_expiry_first_and_never_from_expired_stock()
    {
        var state = Holding((Water, 50, Today.AddDays(-1)), (Water, 30, Today.AddDays(90)), (Water, 40, Today.AddDays(10)));

        var plan = MovementPlans.Issue(Supplies, state, new IssueSupplies("i", Water, 60, "w"), Today);

        Assert.Equal([("B00003", -40), ("B00002", -20)], plan.Select(c => (c.BatchId!, c.Delta)));
        Assert.Equal(70, StockRules.UsableOf(state, Water, Today));
        var short_ = Assert.Throws<DomainRuleException>(() => MovementPlans.Issue(Supplies, state, new IssueSupplies("i", Water, 71, "w"), Today));
        Assert.Contains("Only 70", short_.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_command_plans_nothing_and_says_which_field()
    {
        var state = Holding((Tents, 3, null));
        Assert.Equal("Expiry", Assert.Throws<InvalidRequestException>(() => MovementPlans.Receive(Supplies, state, new ReceiveSupplies("r", Water, 1, null, "w"), Today)).Field);
        Assert.Equal("Quantity", Assert.Throws<InvalidRequestException>(() => MovementPlans.Receive(Supplies, state, new ReceiveSupplies("r", Tents, 0, null, "w"), Today)).Field);
        Assert.Equal("batchId", Assert.Throws<InvalidRequestException>(() => MovementPlans.Adjust(state, new AdjustBatch("a", "B99999", 1, "w", "found"), "S")).Field);
        Assert.Throws<DomainRuleException>(() => MovementPlans.Adjust(state, new AdjustBatch("a", "B00001", -4, "w", "lost"), "S"));
        Assert.Equal("To", Assert.Throws<InvalidRequestException>(() => MovementPlans.TransferOut(Supplies, state, new TransferOut("t", "S", Tents, 1, "w"), "S", Today)).Field);
        Assert.Throws<InvalidRequestException>(() => MovementPlans.Issue(Supplies, state, new IssueSupplies("i", "9999999", 1, "w"), Today));
    }

    [Fact]
    public void Expiring_soon_is_one_rule_measured_against_the_days_given()
    {
        var state = Holding((Water, 10, Today.AddDays(20)), (Water, 10, Today.AddDays(40)), (Water, 10, Today.AddDays(-2)));
        var status = StockRules.Status(state, Supplies.Get(Water), Today);

        Assert.Equal(10, status.ExpiringWithin30Days);
        Assert.Equal(10, status.Expired);
        Assert.Equal(20, status.Usable);
        Assert.True(status.BelowMinimum);
        Assert.Equal(2, state.Batches.Values.Count(b => StockRules.IsExpiringWithin(b, Today, 60)));
    }

    [Fact]
    public void The_street_office_hears_three_conditions_each_in_words_that_change_with_the_stock()
    {
        var state = Holding((Water, 10, Today.AddDays(5)), (Tents, 2, null), (Water, 5, Today.AddDays(-1)));
        var conditions = StockAlerts.Of(Supplies, state, [Water, Tents], Today, noticeDays: 7).ToDictionary(c => c.Kind);

        Assert.Equal("below minimum: 1010101 饮用水, 1020101 帐篷", conditions["stock-below-minimum"].Detail);
        Assert.StartsWith("expiring within 7 days: 1010101", conditions["stock-expiring"].Detail, StringComparison.Ordinal);
        Assert.StartsWith("expired, still held: 1010101", conditions["stock-expired"].Detail, StringComparison.Ordinal);

        var later = StockAlerts.Of(Supplies, state, [], Today, noticeDays: 3).ToDictionary(c => c.Kind);
        Assert.False(later["stock-below-minimum"].Holds);
        Assert.False(later["stock-expiring"].Holds); // 5 days away is not within a 3-day notice
        Assert.True(later["stock-expired"].Holds);
    }
}
