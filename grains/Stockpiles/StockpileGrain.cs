using Microsoft.Extensions.Logging;
using System.Collections.Immutable;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Journal;

namespace ThreeSocial.Grains.Stockpiles;

/// <summary>
/// A supply stockpile: keeps its ledger and tells the others (the region's low-stock count, the street office's
/// alerts). What a command writes is planned by <see cref="MovementPlans"/>, what counts as usable, expiring or low is
/// <see cref="StockRules"/>, and what the street office is told is <see cref="StockAlerts"/>.
/// </summary>
public sealed class StockpileGrain : Grain, IStockpileGrain
{
    private readonly IJournal<StockpileState, StockEvent> _ledger;
    private readonly TimeProvider _clock;
    private readonly ParentReporter _region;
    private readonly ILogger<StockpileGrain> _logger;
    private readonly SupplyCatalog _supplies;
    private readonly AlertRules _rules;
    private bool? _reportedLow;
    private long _reportVersion;

    public StockpileGrain([Journal("stockpile")] IJournal<StockpileState, StockEvent> ledger, [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock, IGrainFactory grains,
        SupplyCatalog supplies, AlertRules rules, ILogger<StockpileGrain> logger)
    {
        _supplies = supplies;
        _rules = rules;
        _logger = logger;
        _ledger = ledger;
        _clock = clock;
        _region = new ParentReporter(grains, this.GetPrimaryKeyString());
    }

    private StockpileState State => _ledger.State;
    private string Id => this.GetPrimaryKeyString();
    private DateOnly Today => ChongqingTime.Today(_clock);
    private DateTimeOffset Now => ChongqingTime.Now(_clock);

    /// <summary>Tells the region on every activation (that heals a report lost to a crash), then whenever "low" flips.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ReportStockLevel();
        foreach (var condition in Conditions()) _alerted[condition.Kind] = condition.Detail;
        // Stock that expires at midnight can make the stockpile low without any movement.
        var untilMidnight = new DateTimeOffset(Today.AddDays(1).ToDateTime(TimeOnly.MinValue), ChongqingTime.Offset) - Now;
        this.RegisterGrainTimer(async _ => { ReportStockLevel(); await AlertStock(); }, untilMidnight + TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => _region.DrainAsync(cancellationToken);

    // ---- commands: each plans its ledger lines, then takes the one path every movement takes ----

    public Task<MovementResult> Receive(ReceiveSupplies command) => Carry(command.RequestId, command, command.Actor, () => MovementPlans.Receive(_supplies, State, command, Today));

    public Task<MovementResult> Open(OpeningStock command) => Carry(command.RequestId, command, command.Actor, () => MovementPlans.Open(_supplies, State, command, Today));

    public Task<MovementResult> SetMinimum(SetMinimumLevel command) => Carry(command.RequestId, command, command.Actor, () => MovementPlans.SetMinimum(_supplies, command));

    public Task<MovementResult> Issue(IssueSupplies command) => Carry(command.RequestId, command, command.Actor, () => MovementPlans.Issue(_supplies, State, command, Today));

    public Task<MovementResult> TransferOut(TransferOut command) => Carry(command.RequestId, command, command.Actor, () => MovementPlans.TransferOut(_supplies, State, command, Id, Today));

    public Task<MovementResult> TransferIn(TransferIn command) => Carry(command.RequestId, command, command.Actor, () => MovementPlans.TransferIn(_supplies, State, command, Today));

    public Task<MovementResult> Adjust(AdjustBatch command) => Carry(command.RequestId, command, command.Actor, () => MovementPlans.Adjust(State, command, Id));

    public Task<MovementResult> Stocktake(CountBatch command) => Carry(command.RequestId, command, command.Actor, () => MovementPlans.Stocktake(State, command, Id));

    /// <summary>With nothing expired there is nothing to record (and the request id is not kept).</summary>
    public Task<MovementResult> WriteOffExpired(WriteOffExpired command) => Carry(command.RequestId, command, command.Actor, () => MovementPlans.WriteOffExpired(State, Today));

    /// <summary>
    /// Replays a known request; otherwise plans (every check is there), and appends the planned lines to the ledger in
    /// one durable step. The state follows from the lines (StockpileState.Apply), so a failed append leaves everything as it was.
    /// </summary>
    private async Task<MovementResult> Carry(string requestId, object command, string actor, Func<IReadOnlyList<PlannedChange>> plan)
    {
        Require.Text(requestId, "RequestId", 128);
        Require.Text(actor, "Actor", 64);
        var seen = State.Requests.TryGet(requestId, out var known) ? known : null;
        if (RecentRequests.IsResend(seen?.Fingerprint, command, requestId, "RequestId"))
        {
            var replayed = await _ledger.ReadAsync(seen!.FirstSequence - 1, seen.Count);
            return new MovementResult(requestId, [.. replayed.Select(e => e.Entry)], Replayed: true);
        }

        var entries = MovementPlans.ToLedger(plan(), _ledger.Length, Now, actor, requestId);
        var fingerprint = RecentRequests.Fingerprint(command);
        await _ledger.AppendAsync([.. entries.Select(entry => new StockEvent(entry, fingerprint))]);
        ReportStockLevel(entries.Select(e => e.Category).Distinct());
        await AlertStock();
        return new MovementResult(requestId, entries, Replayed: false);
    }

    // ---- reading ----

    public Task<StockpileStatus> GetStatus()
    {
        var today = Today;
        return Task.FromResult(new StockpileStatus(Id, today, [.. _supplies.All.Select(c => StockRules.Status(State, c, today))], _ledger.Length));
    }

    public Task<IReadOnlyList<Batch>> GetBatches(string category)
    {
        _supplies.Get(category);
        return Task.FromResult<IReadOnlyList<Batch>>([.. StockRules.Held(State, category)]);
    }

    public async Task<IReadOnlyList<LedgerEntry>> GetLedger(long afterSequence, int take) =>
        [.. (await _ledger.ReadAsync(Math.Max(0, afterSequence), Math.Clamp(take, 1, 1000))).Select(e => e.Entry)];

    // ---- telling others ----

    /// <summary>Categories whose usable stock is below their minimum; recomputed for what a movement touched, and all at midnight.</summary>
    private readonly HashSet<string> _lowCategories = new(StringComparer.Ordinal);

    private void ReportStockLevel(IEnumerable<string>? touched = null)
    {
        var today = Today;
        foreach (var category in touched?.Select(_supplies.Get) ?? _supplies.All)
        {
            if (StockRules.IsLow(State, category, today)) _lowCategories.Add(category.Code);
            else _lowCategories.Remove(category.Code);
        }
        var low = _lowCategories.Count > 0;
        if (low == _reportedLow) return;
        _reportedLow = low;
        // Wall-clock versions keep increasing across activations, so the region never mistakes a new report for an old one.
        _reportVersion = Math.Max(_reportVersion + 1, _clock.GetUtcNow().ToUnixTimeMilliseconds());
        _region.Report(_reportVersion, new RollupTotals { LowStockStockpiles = low ? 1 : 0 });
    }

    /// <summary>The stockpile's street office (a district depot's: the district's).</summary>
    private string Jurisdiction => Parsed.Jurisdiction.ToString();

    private StockpileId? _parsed;
    private StockpileId Parsed => _parsed ??= StockpileId.Parse(Id);

    private IReadOnlyList<StockCondition> Conditions() => StockAlerts.Of(_supplies, State, _lowCategories, Today, _rules.ExpiringWithinDays(Jurisdiction));

    /// <summary>
    /// Kind → the words the street office was last told (empty: nothing open). An activation takes what it finds as
    /// told (the alert, if any, was raised by the activation that saw the change), so only changes seen here alert.
    /// </summary>
    private readonly Dictionary<string, string> _alerted = new(StringComparer.Ordinal);

    /// <summary>The movement is already stored; a failure to alert is tried again at the next change.</summary>
    private async Task AlertStock()
    {
        foreach (var condition in Conditions())
        {
            if (_alerted.GetValueOrDefault(condition.Kind, "") == condition.Detail) continue;
            var told = await GrainFactory.Tell(Jurisdiction, condition.Kind, Id, alert => condition.Holds
                ? (Task)alert.Raise(new AlertCondition(condition.Kind, Jurisdiction, Parsed.Owner.District.ToString(), Id, condition.Detail, Now))
                : alert.Clear(condition.Cleared), _logger);
            if (told) _alerted[condition.Kind] = condition.Detail;
        }
    }
}
