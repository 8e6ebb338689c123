using ThreeSocial.Grains.Communities;

namespace ThreeSocial.Grains.Grids;

/// <summary>A grid (key: 15-digit code): which of its grid workers are on duty, and its open incidents.</summary>
[Alias("ts.IGridGrain")]
public interface IGridGrain : IGrainWithStringKey
{
    Task SetWorkerDuty(ResponderDuty duty);

    Task SetIncident(string incidentId, bool open);

    [ReadOnly] Task<GridLiveStatus> GetStatus();
}
