using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Storage;

namespace ThreeSocial.Grains.TimeBank;

/// <summary>
/// A volunteer's ledger of hours. Each line is stored before it is answered; the rules are <see cref="TimeBankLedger"/>'s,
/// so a refused command writes nothing.
/// </summary>
public sealed class TimeBankGrain : Grain, ITimeBankGrain
{
    private readonly IPersistentState<TimeBankState> _ledger;
    private readonly RegionCatalog _catalog;
    private readonly TimeProvider _clock;

    public TimeBankGrain([PersistentState("time-bank")] IPersistentState<TimeBankState> ledger, RegionCatalog catalog,
        [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock)
    {
        _ledger = ledger;
        _catalog = catalog;
        _clock = clock;
    }

    private string Id => this.GetPrimaryKeyString();

    /// <summary>Looked up on use: a ledger exists only for a registered responder.</summary>
    private string Community =>
        _catalog.Responder(Id)?.HomeCommunity ?? throw new NotFoundException("missing.responder", Id);

    public Task<TimeBankView> Credit(HoursCredit credit) => Add(TimeBankLedger.Credit(_ledger.State.Entries, credit));

    public Task<TimeBankView> Redeem(Redemption redemption) => Add(TimeBankLedger.Redeem(_ledger.State.Entries, redemption, ChongqingTime.Now(_clock)));

    public Task<TimeBankView> Approve(HoursApproval approval) => Add(TimeBankLedger.Approve(_ledger.State.Entries, approval, ChongqingTime.Now(_clock)));

    public Task<TimeBankView> Get() => Task.FromResult(View());

    public Task<TimeBankTotals> GetTotals()
    {
        _ = Community;
        return Task.FromResult(TimeBankTotals.Of(Id, _ledger.State.Entries));
    }

    private async Task<TimeBankView> Add(TimeBankEntry? entry)
    {
        _ = Community;
        if (entry is not null) await _ledger.ReplaceStateAsync(_ledger.State with { Entries = _ledger.State.Entries.Add(entry) });
        return View();
    }

    private TimeBankView View()
    {
        var entries = _ledger.State.Entries;
        return new TimeBankView(Id, Community, TimeBankTotals.Of(Id, entries), [.. entries.Reverse()]);
    }
}
