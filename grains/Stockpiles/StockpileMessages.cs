using System.Collections.Immutable;

namespace ThreeSocial.Grains.Stockpiles;

// Every command carries the caller's request id (the HTTP Idempotency-Key): a resend returns the first answer.

public sealed record ReceiveSupplies(string RequestId, string Category, int Quantity, DateOnly? Expiry, string Actor, string? Note = null);

public sealed record IssueSupplies(string RequestId, string Category, int Quantity, string Actor, string? Reason = null);

public sealed record AdjustBatch(string RequestId, string BatchId, int Delta, string Actor, string Reason);

public sealed record CountBatch(string RequestId, string BatchId, int Counted, string Actor);

public sealed record WriteOffExpired(string RequestId, string Actor);

public sealed record StockLine(string Category, int Quantity, DateOnly? Expiry, int Minimum);

/// <summary>One leg of a transfer between stockpiles (see TransferGrain); the request id is the transfer's id and leg.</summary>
public sealed record TransferOut(string RequestId, string To, string Category, int Quantity, string Actor);

public sealed record TransferIn(string RequestId, string From, ImmutableArray<StockLine> Lines, string Actor);

/// <summary>A stockpile's opening stock and minimum levels, in one durable write (the demo city's first start).</summary>
public sealed record OpeningStock(string RequestId, ImmutableArray<StockLine> Lines, string Actor);

/// <summary>Sets the minimum level of one category: below it, the stockpile counts as low.</summary>
public sealed record SetMinimumLevel(string RequestId, string Category, int Minimum, string Actor);

/// <summary>What a ledger line records. MinimumLevel lines move no stock: they record who changed a minimum and when.</summary>
public enum MovementKind { Receipt, Issue, Adjustment, Stocktake, ExpiryWriteOff, TransferOut, TransferIn, MinimumLevel }

/// <summary>One line of the ledger (台账): a signed change to one batch, or a new minimum level for a category.</summary>
public sealed record LedgerEntry(
    long Sequence, DateTimeOffset At, MovementKind Kind, string Category, string? BatchId, int Delta,
    string Actor, string RequestId, string? Note, DateOnly? Expiry = null, int? Minimum = null);

public sealed record Batch(string BatchId, string Category, int Quantity, DateOnly? Expiry, DateTimeOffset ReceivedAt);

public sealed record MovementResult(string RequestId, ImmutableArray<LedgerEntry> Entries, bool Replayed);

public sealed record CategoryStatus(
    string Category, string Name, string Unit, int OnHand, int Usable, int Expired, int ExpiringWithin30Days, int Minimum, bool BelowMinimum);

public sealed record StockpileStatus(string StockpileId, DateOnly AsOf, ImmutableArray<CategoryStatus> Categories, long LedgerLength)
{
    public int CategoriesBelowMinimum => Categories.Count(c => c.BelowMinimum);
}
