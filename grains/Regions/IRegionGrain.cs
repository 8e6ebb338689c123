using System.Collections.Immutable;

namespace ThreeSocial.Grains.Regions;

/// <summary>
/// A street, district or the city (key: its code; the city is 500000): the sum of what its children report.
/// It never asks its children: reading the city's totals reads one grain.
/// </summary>
[Alias("ts.IRegionGrain")]
public interface IRegionGrain : IGrainWithStringKey
{
    Task Report(ChildReport report);

    [ReadOnly] Task<RegionLiveStatus> GetStatus();

    /// <summary>The open incidents of a street (its incident children still contributing): the city's incident index.</summary>
    [ReadOnly] Task<ImmutableArray<string>> GetOpenIncidents();
}
