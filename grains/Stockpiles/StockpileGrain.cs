using Microsoft.Extensions.Logging;
using System.Collections.Immutable;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Regions;
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

public sealed partial class StockpileGrain : Grain, IStockpileGrain
{
    public const int MaxQuantity = 1_000_000;

    private readonly IJournal<StockpileState, StockEvent> _ledger;
    private readonly TimeProvider _clock;
    private readonly ParentReporter _region;
    private bool? _reportedLow;
    private long _reportVersion;

    public StockpileGrain([Journal("stockpile")] IJournal<StockpileState, StockEvent> ledger, [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock, IGrainFactory grains,
        ILogger<StockpileGrain> logger)
    {
        _logger = logger;
        _ledger = ledger;
        _clock = clock;
        _region = new ParentReporter(grains, this.GetPrimaryKeyString());
    }

    private StockpileState State => _ledger.State;

    private readonly ILogger<StockpileGrain> _logger;

    /// <summary>Tells the region on every activation (that heals a report lost to a crash), then whenever "low" flips.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ReportStockLevel();
        foreach (var (kind, detail, _) in StockConditions()) _alerted[kind] = detail;
        // Stock that expires at midnight can make the stockpile low without any movement.
        var untilMidnight = new DateTimeOffset(Today.AddDays(1).ToDateTime(TimeOnly.MinValue), ChongqingTime.Offset) - Now;
        this.RegisterGrainTimer(async _ => { ReportStockLevel(); await AlertStock(); }, untilMidnight + TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _region.Drained.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);

    /// <summary>Categories whose usable stock is below their minimum; recomputed for what a movement touched, and all at midnight.</summary>
    private readonly HashSet<string> _lowCategories = new(StringComparer.Ordinal);

    private void ReportStockLevel(IEnumerable<string>? touched = null)
    {
        var today = Today;
        foreach (var category in touched ?? SupplyCatalog.All.Select(c => c.Code))
        {
            var minimum = State.Minimums.GetValueOrDefault(category, SupplyCatalog.Get(category).Minimum);
            if (UsableOf(category, today) < minimum) _lowCategories.Add(category);
            else _lowCategories.Remove(category);
        }
        var low = _lowCategories.Count > 0;
        if (low == _reportedLow) return;
        _reportedLow = low;
        // Wall-clock versions keep increasing across activations, so the region never mistakes a new report for an old one.
        _reportVersion = Math.Max(_reportVersion + 1, _clock.GetUtcNow().ToUnixTimeMilliseconds());
        _region.Report(_reportVersion, new RollupTotals { LowStockStockpiles = low ? 1 : 0 });
    }

    private string LowList() => string.Join(", ", _lowCategories.Order(StringComparer.Ordinal).Select(c => $"{c} {SupplyCatalog.Get(c).Zh}"));

    /// <summary>
    /// What the stockpile's street office (a district depot's district) is told about: categories below their minimum,
    /// stock expiring within the jurisdiction's notice (30 days by default), expired stock still held. Each is an
    /// alert of its own, raised or updated when its words change and cancelled when the condition is gone.
    /// </summary>
    private IEnumerable<(string Kind, string Detail, string Cleared)> StockConditions()
    {
        var today = Today;
        var notice = Alerts.AlertRules.ExpiringWithinDays(Jurisdiction);
        var held = State.Batches.Values.Where(b => b.Quantity > 0).OrderBy(b => b.Expiry).ThenBy(b => b.Category, StringComparer.Ordinal).ToList();
        var low = LowList();
        var expiring = string.Join(", ", held.Where(b => !IsExpired(b, today) && b.Expiry <= today.AddDays(notice))
            .Select(b => $"{b.Category} {SupplyCatalog.Get(b.Category).Zh} ×{b.Quantity} ({b.Expiry:yyyy-MM-dd})"));
        var expired = string.Join(", ", held.Where(b => IsExpired(b, today))
            .Select(b => $"{b.Category} {SupplyCatalog.Get(b.Category).Zh} ×{b.Quantity} ({b.Expiry:yyyy-MM-dd})"));
        yield return ("stock-below-minimum", low.Length == 0 ? "" : $"below minimum: {low}", "every category is at or above its minimum again");
        yield return ("stock-expiring", expiring.Length == 0 ? "" : $"expiring within {notice} days: {expiring}", "nothing held expires soon any more");
        yield return ("stock-expired", expired.Length == 0 ? "" : $"expired, still held: {expired}", "no expired stock is held any more");
    }

    /// <summary>
    /// Kind → the words the street office was last told (empty: nothing open). An activation takes what it finds as
    /// told (the alert, if any, was raised by the activation that saw the change), so only changes seen here alert.
    /// </summary>
    private readonly Dictionary<string, string> _alerted = new(StringComparer.Ordinal);

    private string Owner => this.GetPrimaryKeyString()[..this.GetPrimaryKeyString().IndexOf("-S", StringComparison.Ordinal)];

    private string Jurisdiction => Owner.Length >= 9 ? Owner[..9] : Owner;

    /// <summary>The movement is already stored; a failure to alert is logged and tried again at the next change.</summary>
    private async Task AlertStock()
    {
        foreach (var (kind, detail, cleared) in StockConditions())
        {
            if (_alerted.GetValueOrDefault(kind, "") == detail) continue;
            var id = this.GetPrimaryKeyString();
            var alert = GrainFactory.GetGrain<Alerts.IAlertGrain>(Alerts.AlertIds.For(Jurisdiction, kind, id));
            try
            {
                if (detail.Length > 0) await alert.Raise(new Alerts.AlertCondition(kind, Jurisdiction, Owner[..6], id, detail, Now));
                else await alert.Clear(cleared);
                _alerted[kind] = detail;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogAlertNotStored(_logger, e, kind, id);
            }
        }
    }

    private int UsableOf(string category, DateOnly today) =>
        State.Batches.Values.Where(b => b.Category == category && b.Quantity > 0 && !IsExpired(b, today)).Sum(b => b.Quantity);

    public Task<MovementResult> Receive(ReceiveSupplies command) => Apply(command.RequestId, command, command.Actor, () =>
    {
        Require.OptionalText(command.Note, nameof(command.Note), 500);
        return [NewBatch(command.Category, command.Quantity, command.Expiry, State.NextBatch, MovementKind.Receipt, command.Note)];
    });

    public Task<MovementResult> Open(OpeningStock command) => Apply(command.RequestId, command, command.Actor, () =>
    {
        if (command.Lines.IsDefaultOrEmpty || command.Lines.Length > 100) throw new ArgumentException("Opening stock has 1 to 100 lines.", nameof(command.Lines));
        var receipts = command.Lines.Select((line, i) => NewBatch(line.Category, line.Quantity, line.Expiry, State.NextBatch + i, MovementKind.Receipt, "opening stock"));
        var minimums = command.Lines.Select(line => MinimumChange(line.Category, line.Minimum));
        return [.. receipts, .. minimums];
    });

    public Task<MovementResult> SetMinimum(SetMinimumLevel command) => Apply(command.RequestId, command, command.Actor, () => [MinimumChange(command.Category, command.Minimum)]);

    private static Change MinimumChange(string categoryCode, int minimum)
    {
        var category = SupplyCatalog.Get(categoryCode);
        if (minimum is < 0 or > MaxQuantity) throw new ArgumentOutOfRangeException(nameof(minimum), $"A minimum is between 0 and {MaxQuantity}.");
        return new Change(null, category.Code, null, 0, MovementKind.MinimumLevel, $"minimum {minimum} {category.Unit}", minimum);
    }

    /// <summary>A receipt into a new batch, with the checks every receipt gets.</summary>
    private Change NewBatch(string categoryCode, int quantity, DateOnly? expiry, int batchNumber, MovementKind kind, string? note)
    {
        var category = SupplyCatalog.Get(categoryCode);
        Require.Quantity(quantity, "Quantity");
        if (category.Perishable && expiry is null) throw new ArgumentException($"{category.En} ({category.Zh}) need an expiry date.", "Expiry");
        if (expiry is { } date && (date < Today.AddYears(-10) || date > Today.AddYears(30)))
            throw new ArgumentException($"Expiry {date:yyyy-MM-dd} is not a plausible date.", "Expiry");
        return new Change($"B{batchNumber:00000}", category.Code, expiry, quantity, kind, note);
    }

    public Task<MovementResult> Issue(IssueSupplies command) => Apply(command.RequestId, command, command.Actor, () =>
    {
        Require.OptionalText(command.Reason, nameof(command.Reason), 500);
        return DrawFirstExpiryFirst(command.Category, command.Quantity, MovementKind.Issue, command.Reason);
    });

    public Task<MovementResult> TransferOut(TransferOut command) => Apply(command.RequestId, command, command.Actor, () =>
    {
        if (command.To == this.GetPrimaryKeyString()) throw new ArgumentException("A transfer goes to another stockpile.", nameof(command.To));
        return DrawFirstExpiryFirst(command.Category, command.Quantity, MovementKind.TransferOut, $"to {command.To}");
    });

    public Task<MovementResult> TransferIn(TransferIn command) => Apply(command.RequestId, command, command.Actor, () =>
    {
        if (command.Lines.IsDefaultOrEmpty || command.Lines.Length > 100) throw new ArgumentException("A transfer carries 1 to 100 lines.", nameof(command.Lines));
        return [.. command.Lines.Select((line, i) => NewBatch(line.Category, line.Quantity, line.Expiry, State.NextBatch + i, MovementKind.TransferIn, $"from {command.From}"))];
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
            changes.Add(Change.To(batch, -take, kind, note));
            if ((left -= take) == 0) break;
        }
        return changes;
    }

    public Task<MovementResult> Adjust(AdjustBatch command) => Apply(command.RequestId, command, command.Actor, () =>
    {
        Require.Text(command.Reason, nameof(command.Reason), 500);
        if (command.Delta == 0 || Math.Abs(command.Delta) > MaxQuantity) throw new ArgumentOutOfRangeException(nameof(command.Delta), $"An adjustment is between 1 and {MaxQuantity} either way.");
        var batch = FindBatch(command.BatchId);
        if (batch.Quantity + command.Delta < 0)
            throw new DomainRuleException($"Batch {batch.BatchId} holds {batch.Quantity}; it cannot go below zero.");
        return [Change.To(batch, command.Delta, MovementKind.Adjustment, command.Reason)];
    });

    public Task<MovementResult> Stocktake(CountBatch command) => Apply(command.RequestId, command, command.Actor, () =>
    {
        if (command.Counted is < 0 or > MaxQuantity) throw new ArgumentOutOfRangeException(nameof(command.Counted), $"A count is between 0 and {MaxQuantity}.");
        var batch = FindBatch(command.BatchId);
        // A count that matches the books is still recorded: the ledger shows when stock was last checked.
        return [Change.To(batch, command.Counted - batch.Quantity, MovementKind.Stocktake, $"counted {command.Counted}, books said {batch.Quantity}")];
    });

    /// <summary>Writes off every expired batch; with nothing expired there is nothing to record (and the request id is not kept).</summary>
    public Task<MovementResult> WriteOffExpired(WriteOffExpired command) => Apply(command.RequestId, command, command.Actor, () =>
        [.. State.Batches.Values.Where(b => b.Quantity > 0 && b.Expiry < Today)
            .Select(b => Change.To(b, -b.Quantity, MovementKind.ExpiryWriteOff, $"expired {b.Expiry:yyyy-MM-dd}"))]);

    public Task<StockpileStatus> GetStatus()
    {
        var today = Today;
        var categories = SupplyCatalog.All.Select(category =>
        {
            var batches = State.Batches.Values.Where(b => b.Category == category.Code && b.Quantity > 0).ToList();
            var usable = UsableOf(category.Code, today);
            var minimum = State.Minimums.GetValueOrDefault(category.Code, category.Minimum);
            return new CategoryStatus(category.Code, category.Zh, category.Unit,
                OnHand: batches.Sum(b => b.Quantity),
                Usable: usable,
                Expired: batches.Where(b => IsExpired(b, today)).Sum(b => b.Quantity),
                ExpiringWithin30Days: batches.Where(b => !IsExpired(b, today) && b.Expiry <= today.AddDays(30)).Sum(b => b.Quantity),
                Minimum: minimum,
                BelowMinimum: usable < minimum);
        }).ToImmutableArray();
        return Task.FromResult(new StockpileStatus(this.GetPrimaryKeyString(), today, categories, _ledger.Length));
    }

    public Task<IReadOnlyList<Batch>> GetBatches(string category)
    {
        SupplyCatalog.Get(category);
        return Task.FromResult<IReadOnlyList<Batch>>([.. State.Batches.Values.Where(b => b.Category == category && b.Quantity > 0)]);
    }

    public async Task<IReadOnlyList<LedgerEntry>> GetLedger(long afterSequence, int take) =>
        [.. (await _ledger.ReadAsync(Math.Max(0, afterSequence), Math.Clamp(take, 1, 1000))).Select(e => e.Entry)];

    // ---- the one path every movement takes ----

    /// <summary>A planned ledger line: BatchId is null only for a minimum level.</summary>
    private sealed record Change(string? BatchId, string Category, DateOnly? Expiry, int Delta, MovementKind Kind, string? Note, int? Minimum = null)
    {
        internal static Change To(Batch batch, int delta, MovementKind kind, string? note) =>
            new(batch.BatchId, batch.Category, batch.Expiry, delta, kind, note);
    }

    /// <summary>
    /// Replays a known request; otherwise validates, and appends the planned lines to the ledger in one durable step.
    /// The state follows from the lines (StockpileState.Apply), so a failed append leaves everything as it was.
    /// </summary>
    private async Task<MovementResult> Apply(string requestId, object command, string actor, Func<List<Change>> plan)
    {
        Require.Text(requestId, "RequestId", 128);
        Require.Text(actor, "Actor", 64);
        var fingerprint = RecentRequests.Fingerprint(command);
        if (State.Requests.TryGet(requestId, out var seen))
        {
            if (seen.Fingerprint != fingerprint)
                throw new ArgumentException($"Request id '{requestId}' was already used for a different request.", "RequestId");
            var replayed = await _ledger.ReadAsync(seen.FirstSequence - 1, seen.Count);
            return new MovementResult(requestId, [.. replayed.Select(e => e.Entry)], Replayed: true);
        }

        var now = Now;
        var entries = plan().Select((change, i) => new LedgerEntry(_ledger.Length + 1 + i, now, change.Kind, change.Category, change.BatchId,
            change.Delta, actor, requestId, change.Note, change.Expiry, change.Minimum)).ToImmutableArray();
        await _ledger.AppendAsync([.. entries.Select(entry => new StockEvent(entry, fingerprint))]);
        ReportStockLevel(entries.Select(e => e.Category).Distinct());
        await AlertStock();
        return new MovementResult(requestId, entries, Replayed: false);
    }

    /// <summary>Usable batches of a category in the order they are issued: first expiry first, undated last, then oldest receipt.</summary>
    private IEnumerable<Batch> Usable(string category)
    {
        var today = Today;
        return State.Batches.Values
            .Where(b => b.Category == category && b.Quantity > 0 && !IsExpired(b, today))
            .OrderBy(b => b.Expiry ?? DateOnly.MaxValue)
            .ThenBy(b => b.ReceivedAt)
            .ThenBy(b => b.BatchId, StringComparer.Ordinal);
    }

    private Batch FindBatch(string batchId) =>
        State.Batches.GetValueOrDefault(batchId)
        ?? throw new ArgumentException($"No batch '{batchId}' in stockpile {this.GetPrimaryKeyString()}.", nameof(batchId));

    private static bool IsExpired(Batch batch, DateOnly today) => batch.Expiry < today;

    private DateOnly Today => ChongqingTime.Today(_clock);

    private DateTimeOffset Now => ChongqingTime.Now(_clock);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} alert of {Stockpile} not stored")]
    private static partial void LogAlertNotStored(ILogger logger, Exception exception, string kind, string stockpile);
}
