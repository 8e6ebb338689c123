using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Grids;
using ThreeSocial.Grains.Regions;

namespace ThreeSocial.Grains.Incidents;

/// <summary>
/// The open incidents of any region, most urgent deadline first. A street and below read their grids' open lists,
/// which an incident updates before its report is answered (so a list read after a report holds it). A district and
/// the city read their streets' incident children instead (a few dozen to 961 calls, not tens of thousands), which
/// follow a change within milliseconds.
/// </summary>
public static class OpenIncidents
{
    public static async Task<List<IncidentSummary>> In(IGrainFactory grains, RegionCatalog catalog, string regionCode)
    {
        var ids = regionCode == ChongqingDistricts.CityCode
            ? await FromStreets(grains, catalog.City.Streets)
            : catalog.Find(regionCode) switch
            {
                { Level: RegionLevel.District } district => await FromStreets(grains, catalog.Children(district.Code)),
                { } area => await FromGrids(grains, GridsBelow(catalog, area)),
                null => throw new Common.InvalidRequestException(nameof(regionCode), "missing.region", regionCode),
            };
        var summaries = await Task.WhenAll(ids.Select(id => grains.GetGrain<IIncidentGrain>(id).GetSummary()));
        return summaries.Where(s => IncidentStages.IsOpen(s.Stage)).OrderBy(s => s.RespondBy).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    private static async Task<IEnumerable<string>> FromStreets(IGrainFactory grains, IEnumerable<Region> streets)
    {
        var lists = await Task.WhenAll(streets.Select(s => grains.GetGrain<IRegionGrain>(s.Code).GetOpenIncidents()));
        return lists.SelectMany(l => l).Distinct();
    }

    private static async Task<IEnumerable<string>> FromGrids(IGrainFactory grains, IEnumerable<string> grids)
    {
        var open = await Task.WhenAll(grids.Select(g => grains.GetGrain<IGridGrain>(g).GetStatus()));
        return open.SelectMany(g => g.OpenIncidents).Distinct();
    }

    private static IEnumerable<string> GridsBelow(RegionCatalog catalog, Region region) =>
        region.Level == RegionLevel.Grid ? [region.Code] : catalog.Children(region.Code).SelectMany(child => GridsBelow(catalog, child));
}
