using System.Collections.Immutable;
using ThreeSocial.Grains.Common;
using ThreeSocial.Journal;
using ThreeSocial.Storage;

namespace ThreeSocial.Grains.Stockpiles;

/// <summary>A request already carried out: enough to recognise a resend and read its answer back from the ledger.</summary>
public sealed record ProcessedRequest(string Fingerprint, long FirstSequence, int Count);

/// <summary>What the stockpile's journal holds: one ledger line and the fingerprint of the request that wrote it.</summary>
public sealed record StockEvent(LedgerEntry Entry, string Fingerprint);

/// <summary>The stockpile as its ledger leaves it: batches, minimum levels and the requests lately carried out.</summary>
public sealed record StockpileState : IJournaledState<StockpileState, StockEvent>
{
    /// <summary>By batch id ("B00001"...: zero-padded, so ordinal order is receipt order).</summary>
    public ImmutableSortedDictionary<string, Batch> Batches { get; init; } = ImmutableSortedDictionary.Create<string, Batch>(StringComparer.Ordinal);
    public ImmutableDictionary<string, int> Minimums { get; init; } = ImmutableDictionary<string, int>.Empty;
    public RecentRequests<ProcessedRequest> Requests { get; init; } = new();
    public int NextBatch { get; init; } = 1;

    public StockpileState Apply(StockEvent e)
    {
        var entry = e.Entry;
        var request = Requests.TryGet(entry.RequestId, out var seen) && seen.FirstSequence + seen.Count == entry.Sequence
            ? seen with { Count = seen.Count + 1 }
            : new ProcessedRequest(e.Fingerprint, entry.Sequence, 1);
        var next = this with { Requests = Requests.Remember(entry.RequestId, request) };
        if (entry.Kind == MovementKind.MinimumLevel)
            return next with { Minimums = Minimums.SetItem(entry.Category, entry.Minimum ?? 0) };

        if (!Batches.TryGetValue(entry.BatchId!, out var batch))
            return entry.Delta > 0
                ? next with { Batches = Batches.Add(entry.BatchId!, new Batch(entry.BatchId!, entry.Category, entry.Delta, entry.Expiry, entry.At)), NextBatch = NextBatch + 1 }
                : throw new InvalidOperationException($"Ledger line {entry.Sequence} draws from batch {entry.BatchId}, which does not exist.");
        var quantity = batch.Quantity + entry.Delta;
        if (quantity < 0) throw new InvalidOperationException($"Ledger line {entry.Sequence} would take batch {entry.BatchId} below zero."); // plans never allow it
        return next with { Batches = Batches.SetItem(batch.BatchId, batch with { Quantity = quantity }) };
    }
}
