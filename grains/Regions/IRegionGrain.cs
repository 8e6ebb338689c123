
namespace ThreeSocial.Grains.Regions;

[GenerateSerializer, Immutable, Alias("ts.RegionLiveStatus")]
public sealed record RegionLiveStatus([Id(0)] string Code, [Id(1)] RollupTotals Totals, [Id(2)] int ChildrenReporting, [Id(3)] long Version);

/// <summary>A region's live totals at one version: what the map shows, and what it compares to keep the newest.</summary>
[GenerateSerializer, Immutable, Alias("ts.LiveRegion")]
public sealed record LiveRegion([Id(0)] string Code, [Id(1)] long Version, [Id(2)] RollupTotals Totals);

/// <summary>Published on the silo's event stream (relayed to every silo) whenever a street, district, the city or a community stores new totals.</summary>
[GenerateSerializer, Immutable, Alias("ts.RegionStatusChanged")]
public sealed record RegionStatusChanged([Id(0)] LiveRegion Region);

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
    [ReadOnly] Task<System.Collections.Immutable.ImmutableArray<string>> GetOpenIncidents();
}
