using ThreeSocial.Grains.Communities;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Grids;

namespace ThreeSocial.Grains.Regions;

/// <summary>The live roll-up of any region: districts and streets from their region grains, communities and grids from theirs.</summary>
public static class LiveTotals
{
    public static async Task<LiveRegion?> Of(IGrainFactory grains, Region region) => region.Level switch
    {
        RegionLevel.District or RegionLevel.Street => await OfRegionGrain(grains, region.Code),
        RegionLevel.Community => await grains.GetGrain<ICommunityGrain>(region.Code).GetLive(),
        // A grid has no version of its own (each worker's duty carries one): its count is read fresh, never streamed.
        RegionLevel.Grid => new LiveRegion(region.Code, 0,
            new RollupTotals { GridWorkersOnDuty = (await grains.GetGrain<IGridGrain>(region.Code).GetStatus()).GridWorkersOnDuty.Count }),
        _ => null,
    };

    public static Task<LiveRegion> OfCity(IGrainFactory grains) => OfRegionGrain(grains, ChongqingDistricts.CityCode);

    private static async Task<LiveRegion> OfRegionGrain(IGrainFactory grains, string code)
    {
        var status = await grains.GetGrain<IRegionGrain>(code).GetStatus();
        return new LiveRegion(code, status.Version, status.Totals);
    }

    /// <summary>Live totals of many regions at once, by code (siblings on one map level: at most a few hundred grains).</summary>
    public static async Task<IReadOnlyDictionary<string, LiveRegion>> OfAll(IGrainFactory grains, IEnumerable<Region> regions)
    {
        var found = await Task.WhenAll(regions.Select(r => Of(grains, r)));
        return found.OfType<LiveRegion>().ToDictionary(f => f.Code);
    }
}
