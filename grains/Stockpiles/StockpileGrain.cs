using System.Collections.Immutable;
using ThreeSocial.Grains.Common;
using ThreeSocial.Runtime;
using ThreeSocial.Runtime.Storage;

namespace ThreeSocial.Grains.Stockpiles;

/// <summary>A request already carried out: enough to recognise a resend and rebuild its answer from the ledger.</summary>
public sealed record ProcessedRequest(string Fingerprint, long FirstSequence, int Count);

public sealed record StockpileState
{
    public ImmutableList<Batch> Batches { get; init; } = [];
    public ImmutableDictionary<string, int> Minimums { get; init; } = ImmutableDictionary<string, int>.Empty;
    public ImmutableList<LedgerEntry> Ledger { get; init; } = [];
    public RecentRequests<ProcessedRequest> Requests { get; init; } = new();
    public int NextBatch { get; init; } = 1;
}

public sealed class StockpileGrain([PersistentState("stockpile")] IPersistentState<StockpileState> stockpile, TimeProvider clock)
    : Grain, IStockpileGrain
{
    public const int MaxQuantity = 1_000_000;

    private StockpileState State => stockpile.State;

    public Task<MovementResult> Receive(ReceiveSupplies c) => Apply(c.RequestId, c, () =>
    {
        Require.Text(c.Actor, nameof(c.Actor), 64);
        Require.OptionalText(c.Note, nameof(c.Note), 500);
        return ([NewBatch(c.Category, c.Quantity, c.Expiry, State.NextBatch, c.Note)], State.NextBatch + 1);
    });

    public Task<MovementResult> Open(OpeningStock c) => Apply(c.RequestId, c, () =>
    {
        Require.Text(c.Actor, nameof(c.Actor), 64);
        if (c.Lines.IsDefaultOrEmpty || c.Lines.Length > 100) throw new ArgumentException("Opening stock has 1 to 100 lines.", nameof(c.Lines));
        foreach (var line in c.Lines)
            if (line.Minimum is < 0 or > MaxQuantity) throw new ArgumentOutOfRangeException(nameof(c.Lines), $"A minimum is between 0 and {MaxQuantity}.");
        var changes = c.Lines.Select((line, i) => NewBatch(line.Category, line.Quantity, line.Expiry, State.NextBatch + i, "opening stock")).ToList();
        return (changes, State.NextBatch + c.Lines.Length);
    }, state => state with { Minimums = state.Minimums.SetItems(c.Lines.Select(l => KeyValuePair.Create(l.Category, l.Minimum))) });

    /// <summary>A receipt into a new batch, with the checks every receipt gets.</summary>
    private Change NewBatch(string categoryCode, int quantity, DateOnly? expiry, int batchNumber, string? note)
    {
        var category = SupplyCatalog.Get(categoryCode);
        Require.Quantity(quantity, "Quantity");
        if (category.Perishable && expiry is null) throw new ArgumentException($"{category.En} ({category.Zh}) need an expiry date.", "Expiry");
        if (expiry is { } date && (date < Today.AddYears(-10) || date > Today.AddYears(30)))
            throw new ArgumentException($"Expiry {date:yyyy-MM-dd} is not a plausible date.", "Expiry");
        return new Change(new Batch($"B{batchNumber:00000}", category.Code, quantity, expiry, Now), quantity, MovementKind.Receipt, note);
    }

    public Task<MovementResult> Issue(IssueSupplies c) => Apply(c.RequestId, c, () =>
    {
        Require.Text(c.Actor, nameof(c.Actor), 64);
        Require.OptionalText(c.Reason, nameof(c.Reason), 500);
        return (DrawFirstExpiryFirst(c.Category, c.Quantity, MovementKind.Issue, c.Reason), State.NextBatch);
    });

    public Task<MovementResult> TransferOut(TransferOut c) => Apply(c.RequestId, c, () =>
    {
        Require.Text(c.Actor, nameof(c.Actor), 64);
        if (c.To == GetPrimaryKeyString()) throw new ArgumentException("A transfer goes to another stockpile.", nameof(c.To));
        return (DrawFirstExpiryFirst(c.Category, c.Quantity, MovementKind.TransferOut, $"to {c.To}"), State.NextBatch);
    });

    public Task<MovementResult> TransferIn(TransferIn c) => Apply(c.RequestId, c, () =>
    {
        Require.Text(c.Actor, nameof(c.Actor), 64);
        if (c.Lines.IsDefaultOrEmpty || c.Lines.Length > 100) throw new ArgumentException("A transfer carries 1 to 100 lines.", nameof(c.Lines));
        var changes = c.Lines.Select((line, i) => NewBatch(line.Category, line.Quantity, line.Expiry, State.NextBatch + i, $"from {c.From}") with { Kind = MovementKind.TransferIn }).ToList();
        return (changes, State.NextBatch + c.Lines.Length);
    });

    /// <summary>Draws from usable batches, earliest expiry first; not enough usable stock is a 409 and changes nothing.</summary>
    private List<Change> DrawFirstExpiryFirst(string categoryCode, int quantity, MovementKind kind, string? note)
    {
        var category = SupplyCatalog.Get(categoryCode);
        Require.Quantity(quantity, "Quantity");
        var usable = Usable(category.Code).ToList();
        var available = usable.Sum(b => b.Quantity);
        if (available < quantity)
            throw new DomainRuleException($"Only {available} {category.Unit} of {category.En} are usable here; {quantity} were asked for.");
        var changes = new List<Change>();
        var left = quantity;
        foreach (var batch in usable)
        {
            var take = Math.Min(left, batch.Quantity);
            changes.Add(new Change(batch, -take, kind, note));
            if ((left -= take) == 0) break;
        }
        return changes;
    }

    public Task<MovementResult> Adjust(AdjustBatch c) => Apply(c.RequestId, c, () =>
    {
        Require.Text(c.Actor, nameof(c.Actor), 64);
        Require.Text(c.Reason, nameof(c.Reason), 500);
        if (c.Delta == 0 || Math.Abs(c.Delta) > MaxQuantity) throw new ArgumentOutOfRangeException(nameof(c.Delta), $"An adjustment is between 1 and {MaxQuantity} either way.");
        var batch = FindBatch(c.BatchId);
        if (batch.Quantity + c.Delta < 0)
            throw new DomainRuleException($"Batch {batch.BatchId} holds {batch.Quantity}; it cannot go below zero.");
        return ([new Change(batch, c.Delta, MovementKind.Adjustment, c.Reason)], State.NextBatch);
    });

    public Task<MovementResult> Stocktake(CountBatch c) => Apply(c.RequestId, c, () =>
    {
        Require.Text(c.Actor, nameof(c.Actor), 64);
        if (c.Counted is < 0 or > MaxQuantity) throw new ArgumentOutOfRangeException(nameof(c.Counted), $"A count is between 0 and {MaxQuantity}.");
        var batch = FindBatch(c.BatchId);
        // A count that matches the books is still recorded: the ledger shows when stock was last checked.
        return ([new Change(batch, c.Counted - batch.Quantity, MovementKind.Stocktake, $"counted {c.Counted}, books said {batch.Quantity}")], State.NextBatch);
    });

    public Task<MovementResult> WriteOffExpired(WriteOffExpired c) => Apply(c.RequestId, c, () =>
    {
        Require.Text(c.Actor, nameof(c.Actor), 64);
        var expired = State.Batches.Where(b => b.Quantity > 0 && b.Expiry < Today)
            .Select(b => new Change(b, -b.Quantity, MovementKind.ExpiryWriteOff, $"expired {b.Expiry:yyyy-MM-dd}"));
        return ([.. expired], State.NextBatch);
    });

    public async Task SetMinimum(string category, int minimum)
    {
        SupplyCatalog.Get(category);
        if (minimum is < 0 or > MaxQuantity) throw new ArgumentOutOfRangeException(nameof(minimum), $"A minimum is between 0 and {MaxQuantity}.");
        stockpile.State = State with { Minimums = State.Minimums.SetItem(category, minimum) };
        await stockpile.WriteStateAsync();
    }

    public Task<StockpileStatus> GetStatus()
    {
        var today = Today;
        var categories = SupplyCatalog.All.Select(category =>
        {
            var batches = State.Batches.Where(b => b.Category == category.Code && b.Quantity > 0).ToList();
            var usable = batches.Where(b => !IsExpired(b, today)).Sum(b => b.Quantity);
            var minimum = State.Minimums.GetValueOrDefault(category.Code, category.Minimum);
            return new CategoryStatus(category.Code, category.Zh, category.Unit,
                OnHand: batches.Sum(b => b.Quantity),
                Usable: usable,
                Expired: batches.Where(b => IsExpired(b, today)).Sum(b => b.Quantity),
                ExpiringWithin30Days: batches.Where(b => !IsExpired(b, today) && b.Expiry <= today.AddDays(30)).Sum(b => b.Quantity),
                Minimum: minimum,
                BelowMinimum: usable < minimum);
        }).ToImmutableArray();
        return Task.FromResult(new StockpileStatus(GetPrimaryKeyString(), today, categories, State.Ledger.Count));
    }

    public Task<IReadOnlyList<Batch>> GetBatches(string category)
    {
        SupplyCatalog.Get(category);
        return Task.FromResult<IReadOnlyList<Batch>>([.. State.Batches.Where(b => b.Category == category && b.Quantity > 0)]);
    }

    public Task<IReadOnlyList<LedgerEntry>> GetLedger(long afterSequence, int take) =>
        Task.FromResult<IReadOnlyList<LedgerEntry>>([.. State.Ledger.Where(e => e.Sequence > afterSequence).Take(Math.Clamp(take, 1, 1000))]);

    // ---- the one path every movement takes ----

    private sealed record Change(Batch Batch, int Delta, MovementKind Kind, string? Note);

    /// <summary>
    /// Replays a known request; otherwise validates, applies the changes to the batches, appends them to the ledger and
    /// remembers the request, all in one durable write. A failed write leaves the state as it was.
    /// </summary>
    private async Task<MovementResult> Apply(string requestId, object command, Func<(List<Change> Changes, int NextBatch)> plan,
        Func<StockpileState, StockpileState>? alsoChange = null)
    {
        Require.Text(requestId, "RequestId", 128);
        var fingerprint = RecentRequests<ProcessedRequest>.Fingerprint(command);
        if (State.Requests.TryGet(requestId, out var seen))
        {
            if (seen.Fingerprint != fingerprint)
                throw new ArgumentException($"Request id '{requestId}' was already used for a different request.", "RequestId");
            var replayed = State.Ledger.Skip((int)seen.FirstSequence - 1).Take(seen.Count).ToImmutableArray();
            return new MovementResult(requestId, replayed, Replayed: true);
        }

        var (changes, nextBatch) = plan();
        var before = State;
        var batches = before.Batches;
        var ledger = before.Ledger;
        var entries = ImmutableArray.CreateBuilder<LedgerEntry>(changes.Count);
        var actor = ActorOf(command);
        foreach (var change in changes)
        {
            var index = batches.FindIndex(b => b.BatchId == change.Batch.BatchId);
            var quantity = (index < 0 ? 0 : batches[index].Quantity) + change.Delta;
            if (quantity < 0) throw new InvalidOperationException($"Batch {change.Batch.BatchId} would go negative."); // plans never allow it
            var updated = change.Batch with { Quantity = quantity };
            batches = index < 0 ? batches.Add(updated) : batches.SetItem(index, updated);
            var entry = new LedgerEntry(ledger.Count + 1, Now, change.Kind, change.Batch.Category, change.Batch.BatchId, change.Delta, actor, requestId, change.Note, change.Batch.Expiry);
            ledger = ledger.Add(entry);
            entries.Add(entry);
        }

        var result = new MovementResult(requestId, entries.ToImmutable(), Replayed: false);
        var requests = before.Requests.Remember(requestId, new ProcessedRequest(fingerprint, before.Ledger.Count + 1, entries.Count));
        stockpile.State = (alsoChange ?? (s => s))(before with { Batches = batches, Ledger = ledger, NextBatch = nextBatch, Requests = requests });
        try
        {
            await stockpile.WriteStateAsync();
        }
        catch
        {
            stockpile.State = before; // not stored, so not done
            throw;
        }
        return result;
    }

    /// <summary>Usable batches of a category in the order they are issued: first expiry first, undated last, then oldest receipt.</summary>
    private IEnumerable<Batch> Usable(string category)
    {
        var today = Today;
        return State.Batches
            .Where(b => b.Category == category && b.Quantity > 0 && !IsExpired(b, today))
            .OrderBy(b => b.Expiry ?? DateOnly.MaxValue)
            .ThenBy(b => b.ReceivedAt)
            .ThenBy(b => b.BatchId, StringComparer.Ordinal);
    }

    private Batch FindBatch(string batchId) =>
        State.Batches.FirstOrDefault(b => b.BatchId == batchId)
        ?? throw new ArgumentException($"No batch '{batchId}' in stockpile {GetPrimaryKeyString()}.", nameof(batchId));

    private static bool IsExpired(Batch batch, DateOnly today) => batch.Expiry < today;

    private DateOnly Today => ChongqingTime.Today(clock);

    private DateTimeOffset Now => ChongqingTime.Now(clock);

    private static string ActorOf(object command) => command switch
    {
        ReceiveSupplies c => c.Actor,
        IssueSupplies c => c.Actor,
        AdjustBatch c => c.Actor,
        CountBatch c => c.Actor,
        WriteOffExpired c => c.Actor,
        OpeningStock c => c.Actor,
        TransferOut c => c.Actor,
        TransferIn c => c.Actor,
        _ => throw new ArgumentException($"Unknown command {command.GetType().Name}."),
    };
}
