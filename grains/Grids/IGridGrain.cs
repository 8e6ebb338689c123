using System.Collections.Immutable;
using ThreeSocial.Grains.Communities;
using ThreeSocial.Runtime;

namespace ThreeSocial.Grains.Grids;

public sealed record GridLiveStatus(string Code, ImmutableSortedSet<string> GridWorkersOnDuty, ImmutableArray<string> OpenIncidents);

/// <summary>A grid (key: 15-digit code): which of its grid workers are on duty, and its open incidents.</summary>
public interface IGridGrain : IGrainWithStringKey
{
    Task SetWorkerDuty(ResponderDuty duty);

    Task SetIncident(string incidentId, bool open);

    [ReadOnly] Task<GridLiveStatus> GetStatus();
}
