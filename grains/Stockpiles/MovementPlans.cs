using System.Collections.Immutable;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.Stockpiles;

/// <summary>A planned ledger line: BatchId is null only for a minimum level. Its note is what a person typed (a plain phrase) or the service's sentence.</summary>
public sealed record PlannedChange(string? BatchId, string Category, DateOnly? Expiry, int Delta, MovementKind Kind, Phrase? Note, int? Minimum = null)
{
    public static PlannedChange To(Batch batch, int delta, MovementKind kind, Phrase? note) => new(batch.BatchId, batch.Category, batch.Expiry, delta, kind, note);
}

/// <summary>
/// What each command writes to the ledger, planned from the stockpile as it stands, with every check the command gets:
/// a refused command plans nothing and so stores nothing. Quantities never go negative; issues draw first expiry first.
/// </summary>
public static class MovementPlans
{
    public const int MaxQuantity = 1_000_000;
    private const int MaxLines = 100;

    public static IReadOnlyList<PlannedChange> Receive(SupplyCatalog supplies, StockpileState state, ReceiveSupplies command, DateOnly today)
    {
        Require.OptionalText(command.Note, nameof(command.Note), 500);
        return [NewBatch(supplies, command.Category, command.Quantity, command.Expiry, state.NextBatch, MovementKind.Receipt, Typed(command.Note), today)];
    }

    public static IReadOnlyList<PlannedChange> Open(SupplyCatalog supplies, StockpileState state, OpeningStock command, DateOnly today)
    {
        if (command.Lines.IsDefaultOrEmpty || command.Lines.Length > MaxLines) throw new InvalidRequestException(nameof(command.Lines), "invalid.opening-lines", MaxLines);
        var receipts = command.Lines.Select((line, i) => NewBatch(supplies, line.Category, line.Quantity, line.Expiry, state.NextBatch + i, MovementKind.Receipt, Phrase.Of("stock.opening"), today));
        var minimums = command.Lines.Select(line => MinimumChange(supplies, line.Category, line.Minimum));
        return [.. receipts, .. minimums];
    }

    public static IReadOnlyList<PlannedChange> SetMinimum(SupplyCatalog supplies, SetMinimumLevel command) => [MinimumChange(supplies, command.Category, command.Minimum)];

    public static IReadOnlyList<PlannedChange> Issue(SupplyCatalog supplies, StockpileState state, IssueSupplies command, DateOnly today)
    {
        Require.OptionalText(command.Reason, nameof(command.Reason), 500);
        return DrawFirstExpiryFirst(supplies, state, command.Category, command.Quantity, MovementKind.Issue, command.Said ?? Typed(command.Reason), today);
    }

    public static IReadOnlyList<PlannedChange> TransferOut(SupplyCatalog supplies, StockpileState state, TransferOut command, string self, DateOnly today)
    {
        if (command.To == self) throw new InvalidRequestException(nameof(command.To), "invalid.transfer-to-self");
        return DrawFirstExpiryFirst(supplies, state, command.Category, command.Quantity, MovementKind.TransferOut, Phrase.Of("stock.to", command.To), today);
    }

    public static IReadOnlyList<PlannedChange> TransferIn(SupplyCatalog supplies, StockpileState state, TransferIn command, DateOnly today)
    {
        if (command.Lines.IsDefaultOrEmpty || command.Lines.Length > MaxLines) throw new InvalidRequestException(nameof(command.Lines), "invalid.transfer-lines", MaxLines);
        return [.. command.Lines.Select((line, i) => NewBatch(supplies, line.Category, line.Quantity, line.Expiry, state.NextBatch + i, MovementKind.TransferIn, Phrase.Of("stock.from", command.From), today))];
    }

    public static IReadOnlyList<PlannedChange> Adjust(StockpileState state, AdjustBatch command, string self)
    {
        Require.Text(command.Reason, nameof(command.Reason), 500);
        if (command.Delta == 0 || Math.Abs(command.Delta) > MaxQuantity) throw new InvalidRequestException(nameof(command.Delta), "invalid.adjustment", MaxQuantity);
        var batch = FindBatch(state, command.BatchId, self);
        if (batch.Quantity + command.Delta < 0)
            throw new DomainRuleException("rule.batch-below-zero", batch.BatchId, batch.Quantity);
        return [PlannedChange.To(batch, command.Delta, MovementKind.Adjustment, Typed(command.Reason))];
    }

    /// <summary>A count that matches the books is still recorded: the ledger shows when stock was last checked.</summary>
    public static IReadOnlyList<PlannedChange> Stocktake(StockpileState state, CountBatch command, string self)
    {
        if (command.Counted is < 0 or > MaxQuantity) throw new InvalidRequestException(nameof(command.Counted), "invalid.count", MaxQuantity);
        var batch = FindBatch(state, command.BatchId, self);
        return [PlannedChange.To(batch, command.Counted - batch.Quantity, MovementKind.Stocktake, Phrase.Of("stock.counted", command.Counted, batch.Quantity))];
    }

    /// <summary>Every expired batch written off; with nothing expired there is nothing to record.</summary>
    public static IReadOnlyList<PlannedChange> WriteOffExpired(StockpileState state, DateOnly today) =>
        [.. state.Batches.Values.Where(b => b.Quantity > 0 && StockRules.IsExpired(b, today))
            .Select(b => PlannedChange.To(b, -b.Quantity, MovementKind.ExpiryWriteOff, Phrase.Of("stock.expired", $"{b.Expiry:yyyy-MM-dd}")))];

    /// <summary>The planned lines as the ledger numbers and stamps them.</summary>
    public static ImmutableArray<LedgerEntry> ToLedger(IEnumerable<PlannedChange> plan, long ledgerLength, DateTimeOffset now, string actor, string requestId) =>
        [.. plan.Select((change, i) => new LedgerEntry(ledgerLength + 1 + i, now, change.Kind, change.Category, change.BatchId,
            change.Delta, actor, requestId, change.Note?.ToString(), change.Expiry, change.Minimum,
            change.Note is { Key: not Phrase.PlainKey } said ? said : null))];

    private static Phrase? Typed(string? text) => text is null ? null : Phrase.Plain(text);

    private static PlannedChange MinimumChange(SupplyCatalog supplies, string categoryCode, int minimum)
    {
        var category = supplies.Get(categoryCode);
        if (minimum is < 0 or > MaxQuantity) throw new InvalidRequestException(nameof(minimum), "invalid.minimum", MaxQuantity);
        return new PlannedChange(null, category.Code, null, 0, MovementKind.MinimumLevel, Phrase.Of("stock.minimum", minimum, Phrase.Unit(category.Code)), minimum);
    }

    /// <summary>A receipt into a new batch, with the checks every receipt gets.</summary>
    private static PlannedChange NewBatch(SupplyCatalog supplies, string categoryCode, int quantity, DateOnly? expiry, int batchNumber, MovementKind kind, Phrase? note, DateOnly today)
    {
        var category = supplies.Get(categoryCode);
        Require.Quantity(quantity, "Quantity");
        if (category.Perishable && expiry is null) throw new InvalidRequestException("Expiry", "invalid.expiry-needed", Phrase.Supply(category.Code));
        if (expiry is { } date && (date < today.AddYears(-10) || date > today.AddYears(30)))
            throw new InvalidRequestException("Expiry", "invalid.expiry-implausible", date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return new PlannedChange($"B{batchNumber:00000}", category.Code, expiry, quantity, kind, note);
    }

    /// <summary>Draws from usable batches, earliest expiry first; not enough usable stock is a 409 and changes nothing.</summary>
    private static List<PlannedChange> DrawFirstExpiryFirst(SupplyCatalog supplies, StockpileState state, string categoryCode, int quantity, MovementKind kind, Phrase? note, DateOnly today)
    {
        var category = supplies.Get(categoryCode);
        Require.Quantity(quantity, "Quantity");
        var usable = StockRules.Usable(state, category.Code, today).ToList();
        var available = usable.Sum(b => b.Quantity);
        if (available < quantity)
            throw new DomainRuleException("rule.stock-short", available, Phrase.Unit(category.Code), Phrase.Supply(category.Code), quantity);
        var changes = new List<PlannedChange>();
        var left = quantity;
        foreach (var batch in usable)
        {
            var take = Math.Min(left, batch.Quantity);
            changes.Add(PlannedChange.To(batch, -take, kind, note));
            if ((left -= take) == 0) break;
        }
        return changes;
    }

    private static Batch FindBatch(StockpileState state, string batchId, string self) =>
        state.Batches.GetValueOrDefault(batchId) ?? throw new InvalidRequestException(nameof(batchId), "invalid.no-batch", batchId, self);
}
