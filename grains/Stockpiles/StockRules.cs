namespace ThreeSocial.Grains.Stockpiles;

/// <summary>The rules of what stock is usable, expired, expiring soon or low: one place for each, tested without a silo.</summary>
public static class StockRules
{
    /// <summary>The days an expiry is "soon" in a stockpile's status; alerts use their jurisdiction's notice instead.</summary>
    public const int StatusExpiringDays = 30;

    public static bool IsExpired(Batch batch, DateOnly today) => batch.Expiry < today;

    public static bool IsExpiringWithin(Batch batch, DateOnly today, int days) => !IsExpired(batch, today) && batch.Expiry <= today.AddDays(days);

    /// <summary>Held stock of a category: batches with something left in them.</summary>
    public static IEnumerable<Batch> Held(StockpileState state, string category) =>
        state.Batches.Values.Where(b => b.Category == category && b.Quantity > 0);

    /// <summary>Usable batches of a category in the order they are issued: first expiry first, undated last, then oldest receipt.</summary>
    public static IEnumerable<Batch> Usable(StockpileState state, string category, DateOnly today) =>
        Held(state, category)
            .Where(b => !IsExpired(b, today))
            .OrderBy(b => b.Expiry ?? DateOnly.MaxValue)
            .ThenBy(b => b.ReceivedAt)
            .ThenBy(b => b.BatchId, StringComparer.Ordinal);

    public static int UsableOf(StockpileState state, string category, DateOnly today) => Held(state, category).Where(b => !IsExpired(b, today)).Sum(b => b.Quantity);

    /// <summary>The category's minimum here: set for this stockpile, or the catalogue's default.</summary>
    public static int MinimumOf(StockpileState state, SupplyCategory category) => state.Minimums.GetValueOrDefault(category.Code, category.Minimum);

    public static bool IsLow(StockpileState state, SupplyCategory category, DateOnly today) => UsableOf(state, category.Code, today) < MinimumOf(state, category);

    public static CategoryStatus Status(StockpileState state, SupplyCategory category, DateOnly today)
    {
        var held = Held(state, category.Code).ToList();
        var usable = UsableOf(state, category.Code, today);
        var minimum = MinimumOf(state, category);
        return new CategoryStatus(category.Code, category.Zh, category.Unit,
            OnHand: held.Sum(b => b.Quantity),
            Usable: usable,
            Expired: held.Where(b => IsExpired(b, today)).Sum(b => b.Quantity),
            ExpiringWithin30Days: held.Where(b => IsExpiringWithin(b, today, StatusExpiringDays)).Sum(b => b.Quantity),
            Minimum: minimum,
            BelowMinimum: usable < minimum);
    }
}
