using ThreeSocial.Events;
using System.Collections.Immutable;
using ThreeSocial.Storage;

namespace ThreeSocial.Grains.Regions;

public sealed class RegionGrain : Grain, IRegionGrain
{
    private readonly IPersistentState<RegionState> _region;
    private readonly ParentReporter _parent;
    private readonly EventStream _events;

    public RegionGrain([PersistentState("region")] IPersistentState<RegionState> region, IGrainFactory grains, EventStream events)
    {
        _region = region;
        _events = events;
        _parent = new ParentReporter(grains, this.GetPrimaryKeyString());
    }

    public async Task Report(ChildReport report)
    {
        if (ParentReporter.ParentOf(report.ChildCode) != this.GetPrimaryKeyString())
            throw new ArgumentException($"{report.ChildCode} does not belong to region {this.GetPrimaryKeyString()}.", nameof(report));
        var state = _region.State;
        if (state.Children.TryGetValue(report.ChildCode, out var known) && known.Version >= report.Version) return; // stale or repeated
        // A child whose contribution is nothing (a closed incident, say) is forgotten, so the state stays bounded.
        // A late, older report from it would count it again, so only children that report monotonically to zero may go.
        var children = report.Totals == RollupTotals.Zero && report.ChildCode.StartsWith(Incidents.IncidentIds.Prefix, StringComparison.Ordinal)
            ? state.Children.Remove(report.ChildCode)
            : state.Children.SetItem(report.ChildCode, report);
        var totals = RollupTotals.Sum(children.Values.Select(c => c.Totals)); // recomputed, never drifts
        await _region.ReplaceStateAsync(new RegionState { Children = children, Totals = totals, Version = state.Version + 1 });
        _parent.Report(_region.State.Version, totals);
        _events.Publish(new RegionStatusChanged(new LiveRegion(this.GetPrimaryKeyString(), _region.State.Version, totals)));
    }

    public Task<RegionLiveStatus> GetStatus() =>
        Task.FromResult(new RegionLiveStatus(this.GetPrimaryKeyString(), _region.State.Totals, _region.State.Children.Count, _region.State.Version));

    public Task<ImmutableArray<string>> GetOpenIncidents() => Task.FromResult(_region.State.Children.Keys
        .Where(code => code.StartsWith(Incidents.IncidentIds.Prefix, StringComparison.Ordinal)).ToImmutableArray());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Re-send what this region last stored: a report lost to a crash reaches the parent now (a repeat is ignored).
        if (_region.RecordExists) _parent.Report(_region.State.Version, _region.State.Totals);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _parent.DrainAsync(cancellationToken);
}
