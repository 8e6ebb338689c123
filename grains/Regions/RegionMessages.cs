namespace ThreeSocial.Grains.Regions;

[GenerateSerializer, Immutable, Alias("ts.RegionLiveStatus")]
public sealed record RegionLiveStatus([Id(0)] string Code, [Id(1)] RollupTotals Totals, [Id(2)] int ChildrenReporting, [Id(3)] long Version);

/// <summary>A region's live totals at one version: what the map shows, and what it compares to keep the newest.</summary>
[GenerateSerializer, Immutable, Alias("ts.LiveRegion")]
public sealed record LiveRegion([Id(0)] string Code, [Id(1)] long Version, [Id(2)] RollupTotals Totals);

/// <summary>Published on the silo's event stream (relayed to every silo) whenever a street, district, the city or a community stores new totals.</summary>
[GenerateSerializer, Immutable, Alias("ts.RegionStatusChanged")]
public sealed record RegionStatusChanged([Id(0)] LiveRegion Region);

/// <summary>A child's whole contribution at one version: re-sending it is harmless, an older one is ignored.</summary>
[GenerateSerializer, Immutable, Alias("ts.ChildReport")]
public sealed record ChildReport([Id(0)] string ChildCode, [Id(1)] long Version, [Id(2)] RollupTotals Totals);
