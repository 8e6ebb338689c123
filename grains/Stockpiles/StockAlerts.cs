using ThreeSocial.Grains.Alerts;

namespace ThreeSocial.Grains.Stockpiles;

/// <summary>One condition a stockpile's street office is told about: Detail is empty when the condition is gone.</summary>
public sealed record StockCondition(string Kind, string Detail, string Cleared)
{
    public bool Holds => Detail.Length > 0;
}

/// <summary>
/// The three conditions a stockpile alerts on, as words: categories below their minimum, stock expiring within the
/// jurisdiction's notice, expired stock still held. Each is an alert of its own, raised or updated when its words change
/// and cancelled when the condition is gone.
/// </summary>
public static class StockAlerts
{
    public static IReadOnlyList<StockCondition> Of(SupplyCatalog supplies, StockpileState state, IEnumerable<string> lowCategories, DateOnly today, int noticeDays)
    {
        var held = state.Batches.Values.Where(b => b.Quantity > 0).OrderBy(b => b.Expiry).ThenBy(b => b.Category, StringComparer.Ordinal).ToList();
        var low = string.Join(", ", lowCategories.Order(StringComparer.Ordinal).Select(c => $"{c} {supplies.Get(c).Zh}"));
        var expiring = Describe(supplies, held.Where(b => StockRules.IsExpiringWithin(b, today, noticeDays)));
        var expired = Describe(supplies, held.Where(b => StockRules.IsExpired(b, today)));
        return
        [
            new(AlertKinds.StockBelowMinimum, low.Length == 0 ? "" : $"below minimum: {low}", "every category is at or above its minimum again"),
            new(AlertKinds.StockExpiring, expiring.Length == 0 ? "" : $"expiring within {noticeDays} days: {expiring}", "nothing held expires soon any more"),
            new(AlertKinds.StockExpired, expired.Length == 0 ? "" : $"expired, still held: {expired}", "no expired stock is held any more"),
        ];
    }

    private static string Describe(SupplyCatalog supplies, IEnumerable<Batch> batches) =>
        string.Join(", ", batches.Select(b => $"{b.Category} {supplies.Get(b.Category).Zh} ×{b.Quantity} ({b.Expiry:yyyy-MM-dd})"));
}
