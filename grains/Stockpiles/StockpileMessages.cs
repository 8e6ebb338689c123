using System.Collections.Immutable;

namespace ThreeSocial.Grains.Stockpiles;

// Every command carries the caller's request id (the HTTP Idempotency-Key): a resend returns the first answer.

[GenerateSerializer, Immutable, Alias("ts.ReceiveSupplies")]
public sealed record ReceiveSupplies([Id(0)] string RequestId, [Id(1)] string Category, [Id(2)] int Quantity, [Id(3)] DateOnly? Expiry, [Id(4)] string Actor, [Id(5)] string? Note = null);

[GenerateSerializer, Immutable, Alias("ts.IssueSupplies")]
/// <remarks>Said: the service's own reason as facts (an incident's issue); Reason is what a person typed.</remarks>
public sealed record IssueSupplies([Id(0)] string RequestId, [Id(1)] string Category, [Id(2)] int Quantity, [Id(3)] string Actor, [Id(4)] string? Reason = null, [Id(5)] Texts.Phrase? Said = null);

[GenerateSerializer, Immutable, Alias("ts.AdjustBatch")]
public sealed record AdjustBatch([Id(0)] string RequestId, [Id(1)] string BatchId, [Id(2)] int Delta, [Id(3)] string Actor, [Id(4)] string Reason);

[GenerateSerializer, Immutable, Alias("ts.CountBatch")]
public sealed record CountBatch([Id(0)] string RequestId, [Id(1)] string BatchId, [Id(2)] int Counted, [Id(3)] string Actor);

[GenerateSerializer, Immutable, Alias("ts.WriteOffExpired")]
public sealed record WriteOffExpired([Id(0)] string RequestId, [Id(1)] string Actor);

[GenerateSerializer, Immutable, Alias("ts.StockLine")]
public sealed record StockLine([Id(0)] string Category, [Id(1)] int Quantity, [Id(2)] DateOnly? Expiry, [Id(3)] int Minimum);

/// <summary>One leg of a transfer between stockpiles (see TransferGrain); the request id is the transfer's id and leg.</summary>
[GenerateSerializer, Immutable, Alias("ts.TransferOut")]
public sealed record TransferOut([Id(0)] string RequestId, [Id(1)] string To, [Id(2)] string Category, [Id(3)] int Quantity, [Id(4)] string Actor);

[GenerateSerializer, Immutable, Alias("ts.TransferIn")]
public sealed record TransferIn([Id(0)] string RequestId, [Id(1)] string From, [Id(2)] ImmutableArray<StockLine> Lines, [Id(3)] string Actor);

/// <summary>A stockpile's opening stock and minimum levels, in one durable write (the demo city's first start).</summary>
[GenerateSerializer, Immutable, Alias("ts.OpeningStock")]
public sealed record OpeningStock([Id(0)] string RequestId, [Id(1)] ImmutableArray<StockLine> Lines, [Id(2)] string Actor);

/// <summary>Sets the minimum level of one category: below it, the stockpile counts as low.</summary>
[GenerateSerializer, Immutable, Alias("ts.SetMinimumLevel")]
public sealed record SetMinimumLevel([Id(0)] string RequestId, [Id(1)] string Category, [Id(2)] int Minimum, [Id(3)] string Actor);

/// <summary>What a ledger line records. MinimumLevel lines move no stock: they record who changed a minimum and when.</summary>
[GenerateSerializer, Alias("ts.MovementKind")]
public enum MovementKind { Receipt, Issue, Adjustment, Stocktake, ExpiryWriteOff, TransferOut, TransferIn, MinimumLevel }

/// <summary>One line of the ledger (台账): a signed change to one batch, or a new minimum level for a category.</summary>
[GenerateSerializer, Immutable, Alias("ts.LedgerEntry")]
public sealed record LedgerEntry(
    [Id(0)] long Sequence, [Id(1)] DateTimeOffset At, [Id(2)] MovementKind Kind, [Id(3)] string Category, [Id(4)] string? BatchId, [Id(5)] int Delta,
    [Id(6)] string Actor, [Id(7)] string RequestId, [Id(8)] string? Note, [Id(9)] DateOnly? Expiry = null, [Id(10)] int? Minimum = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] [Id(11)] Texts.Phrase? Said = null);

[GenerateSerializer, Immutable, Alias("ts.Batch")]
public sealed record Batch([Id(0)] string BatchId, [Id(1)] string Category, [Id(2)] int Quantity, [Id(3)] DateOnly? Expiry, [Id(4)] DateTimeOffset ReceivedAt);

[GenerateSerializer, Immutable, Alias("ts.MovementResult")]
public sealed record MovementResult([Id(0)] string RequestId, [Id(1)] ImmutableArray<LedgerEntry> Entries, [Id(2)] bool Replayed);

[GenerateSerializer, Immutable, Alias("ts.CategoryStatus")]
public sealed record CategoryStatus(
    [Id(0)] string Category, [Id(1)] string Name, [Id(2)] string Unit, [Id(3)] int OnHand, [Id(4)] int Usable, [Id(5)] int Expired, [Id(6)] int ExpiringWithin30Days, [Id(7)] int Minimum, [Id(8)] bool BelowMinimum);

[GenerateSerializer, Immutable, Alias("ts.StockpileStatus")]
public sealed record StockpileStatus([Id(0)] string StockpileId, [Id(1)] DateOnly AsOf, [Id(2)] ImmutableArray<CategoryStatus> Categories, [Id(3)] long LedgerLength)
{
    public int CategoriesBelowMinimum => Categories.Count(c => c.BelowMinimum);
}
