using ThreeSocial.Runtime;

namespace ThreeSocial.Grains.Regions;

public sealed record RegionLiveStatus(string Code, RollupTotals Totals, int ChildrenReporting);

/// <summary>
/// A street, district or the city (key: its code; the city is 500000): the sum of what its children report.
/// It never asks its children: reading the city's totals reads one grain.
/// </summary>
public interface IRegionGrain : IGrainWithStringKey
{
    Task Report(ChildReport report);

    [ReadOnly] Task<RegionLiveStatus> GetStatus();
}
