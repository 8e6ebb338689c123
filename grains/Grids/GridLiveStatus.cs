using System.Collections.Immutable;

namespace ThreeSocial.Grains.Grids;

[GenerateSerializer, Immutable, Alias("ts.GridLiveStatus")]
public sealed record GridLiveStatus([Id(0)] string Code, [Id(1)] ImmutableSortedSet<string> GridWorkersOnDuty, [Id(2)] ImmutableArray<string> OpenIncidents);
