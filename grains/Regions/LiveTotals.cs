using ThreeSocial.Grains.Communities;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Grids;
using ThreeSocial.Runtime;

namespace ThreeSocial.Grains.Regions;

/// <summary>The live roll-up of any region: districts and streets from their region grains, communities and grids from theirs.</summary>
public static class LiveTotals
{
    public static async Task<RollupTotals?> Of(IGrainFactory grains, Region region) => region.Level switch
    {
        RegionLevel.District or RegionLevel.Street => (await grains.GetGrain<IRegionGrain>(region.Code).GetStatus()).Totals,
        RegionLevel.Community => await grains.GetGrain<ICommunityGrain>(region.Code).GetTotals(),
        RegionLevel.Grid => new RollupTotals { GridWorkersOnDuty = (await grains.GetGrain<IGridGrain>(region.Code).GetStatus()).GridWorkersOnDuty.Count },
        _ => null,
    };

    public static async Task<RollupTotals> OfCity(IGrainFactory grains) =>
        (await grains.GetGrain<IRegionGrain>(ChongqingDistricts.CityCode).GetStatus()).Totals;

    /// <summary>Live totals of many regions at once, by code (siblings on one map level: at most a few hundred grains).</summary>
    public static async Task<IReadOnlyDictionary<string, RollupTotals>> OfAll(IGrainFactory grains, IEnumerable<Region> regions)
    {
        var found = await Task.WhenAll(regions.Select(async r => (r.Code, Totals: await Of(grains, r))));
        return found.Where(f => f.Totals is not null).ToDictionary(f => f.Code, f => f.Totals!);
    }
}
