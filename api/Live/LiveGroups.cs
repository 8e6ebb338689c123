using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Incidents;

namespace ThreeSocial.Api.Live;

/// <summary>
/// Groups are named by the region a map shows: the city (500000), a district (6 digits) or a street (9). A map of a
/// region shows the region, its children and the incidents inside it, so each change goes to every group that shows it.
/// </summary>
public static class LiveGroups
{
    /// <summary>The levels of region a map group is named by (the dashboard reads them from its config).</summary>
    public static readonly IReadOnlyList<RegionLevel> Levels = [RegionLevel.City, RegionLevel.District, RegionLevel.Street];

    public static bool IsGroup(string code, RegionCatalog catalog) =>
        code == ChongqingDistricts.CityCode || (catalog.Find(code) is { } region && Levels.Contains(region.Level));

    /// <summary>A region's change shows on its own map and on its parent's (where it is one of the children).</summary>
    public static IEnumerable<string> ShowingRegion(string code)
    {
        if (!RegionCode.TryParse(code, out var region)) yield break;
        if (region.Level <= RegionLevel.Street) yield return code; // city, district, street: their own maps
        if (region.Parent is { Level: <= RegionLevel.Street } parent) yield return parent.ToString();
    }

    /// <summary>An incident shows on the city's map, its district's and its street's.</summary>
    public static IEnumerable<string> ShowingIncident(IncidentPlace place) => [ChongqingDistricts.CityCode, place.District, place.Street];
}
