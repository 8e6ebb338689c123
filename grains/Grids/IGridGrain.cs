using System.Collections.Immutable;
using ThreeSocial.Grains.Communities;

namespace ThreeSocial.Grains.Grids;

[GenerateSerializer, Immutable, Alias("ts.GridLiveStatus")]
public sealed record GridLiveStatus([Id(0)] string Code, [Id(1)] ImmutableSortedSet<string> GridWorkersOnDuty, [Id(2)] ImmutableArray<string> OpenIncidents);

/// <summary>A grid (key: 15-digit code): which of its grid workers are on duty, and its open incidents.</summary>
[Alias("ts.IGridGrain")]
public interface IGridGrain : IGrainWithStringKey
{
    Task SetWorkerDuty(ResponderDuty duty);

    Task SetIncident(string incidentId, bool open);

    [ReadOnly] Task<GridLiveStatus> GetStatus();
}
