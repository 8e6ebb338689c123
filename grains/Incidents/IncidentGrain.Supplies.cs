using System.Collections.Immutable;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.Incidents;

/// <summary>Supplies from the nearest stockpiles, and back to them when the incident is cancelled.</summary>
public sealed partial class IncidentGrain
{
    // ---- supplies ----

    public async Task IssueSupplies()
    {
        if (State.IsOpen && !State.SuppliesSought) await SeekSupplies(RequireReport());
    }

    /// <summary>First-expiry-first from the nearest stockpiles of the district that hold enough; a shortage is escalated.</summary>
    private async Task SeekSupplies(IncidentReport report)
    {
        var nearest = SupplySearch.Nearest(_catalog.City, report.Place);
        var allocations = ImmutableArray.CreateBuilder<SupplyAllocation>();
        var shortages = new List<Phrase>();
        foreach (var need in _playbooks.Get(report.Subtype).Supplies)
        {
            if (await IssueFromNearest(nearest, need) is { } allocation) allocations.Add(allocation);
            else shortages.Add(SupplySearch.Shortage(need, _supplies));
        }
        await Record([new TimelineEntry.SuppliesIssued(Now, "dispatch", SupplySearch.Note(allocations), allocations.ToImmutable())]);
        if (shortages.Count > 0) await Escalate(EscalationCause.SuppliesShort, SupplySearch.ShortageReason(shortages));
    }

    private async Task<SupplyAllocation?> IssueFromNearest(IReadOnlyList<Geography.StockpileSite> nearest, SupplyNeed need)
    {
        foreach (var site in nearest)
        {
            try
            {
                var issued = await GrainFactory.GetGrain<IStockpileGrain>(site.Id).Issue(
                    new IssueSupplies($"{Id}:{need.Category}", need.Category, need.Quantity, "dispatch", Said: Phrase.Of("stock.for-incident", Id)));
                return new SupplyAllocation(site.Id, need.Category, need.Quantity, issued.Entries);
            }
            catch (DomainRuleException)
            {
                // not enough usable stock here: the next nearest
            }
        }
        return null;
    }

    /// <summary>Supplies issued to a cancelled incident go back where they came from, batch by batch with their expiry.</summary>
    private async Task ReturnSupplies()
    {
        foreach (var allocation in State.Supplies)
            foreach (var line in allocation.Lines)
                await GrainFactory.GetGrain<IStockpileGrain>(allocation.StockpileId).Receive(new ReceiveSupplies(
                    $"{Id}:return:{line.BatchId}", line.Category, -line.Delta, line.Expiry, "dispatch", $"returned from cancelled incident {Id}"));
    }
}
