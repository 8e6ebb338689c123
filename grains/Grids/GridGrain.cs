using System.Collections.Immutable;
using ThreeSocial.Grains.Communities;
using ThreeSocial.Grains.Responders;
using ThreeSocial.Storage;

namespace ThreeSocial.Grains.Grids;

public sealed class GridGrain([PersistentState("grid")] IPersistentState<GridState> grid) : Grain, IGridGrain
{
    public async Task SetWorkerDuty(ResponderDuty duty)
    {
        if (ResponderIds.RegionOf(duty.ResponderId).ToString() != this.GetPrimaryKeyString())
            throw new ArgumentException($"{duty.ResponderId} is not a grid worker of grid {this.GetPrimaryKeyString()}.", nameof(duty));
        var state = grid.State;
        if (state.Workers.TryGetValue(duty.ResponderId, out var known) && known.Version >= duty.Version) return; // repeat or stale
        grid.State = state with { Workers = state.Workers.SetItem(duty.ResponderId, duty) };
        try
        {
            await grid.WriteStateAsync();
        }
        catch
        {
            grid.State = state;
            throw;
        }
    }

    /// <summary>An incident in this grid opened or ended; absolute, so a repeat changes nothing.</summary>
    public async Task SetIncident(string incidentId, bool open)
    {
        var state = grid.State;
        var incidents = state.OpenIncidents.IsDefault ? [] : state.OpenIncidents;
        if (incidents.Contains(incidentId) == open) return;
        grid.State = state with { OpenIncidents = open ? incidents.Add(incidentId) : incidents.Remove(incidentId) };
        try
        {
            await grid.WriteStateAsync();
        }
        catch
        {
            grid.State = state;
            throw;
        }
    }

    public Task<GridLiveStatus> GetStatus() => Task.FromResult(new GridLiveStatus(this.GetPrimaryKeyString(),
        grid.State.Workers.Values.Where(w => w.OnDuty).Select(w => w.ResponderId).ToImmutableSortedSet(StringComparer.Ordinal),
        grid.State.OpenIncidents.IsDefault ? [] : grid.State.OpenIncidents));
}
