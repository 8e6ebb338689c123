using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.Incidents;

/// <summary>Where an incident's supplies are sought, and how the result reads in its timeline, without a silo.</summary>
public static class SupplySearch
{
    /// <summary>How many stockpiles are tried, nearest first, before a need counts as short.</summary>
    public const int NearestTried = 6;

    /// <summary>The district's stockpiles nearest the incident, nearest first.</summary>
    public static IReadOnlyList<StockpileSite> Nearest(CityModel city, IncidentPlace place)
    {
        var district = RegionCode.Parse(place.District);
        return [.. city.Stockpiles
            .Where(s => district.Covers(RegionCode.Parse(s.OwnerCode)))
            .OrderBy(s => EtaModel.GreatCircleKm(s.Location.X, s.Location.Y, place.Longitude, place.Latitude))
            .Take(NearestTried)];
    }

    public static Phrase Shortage(SupplyNeed need, SupplyCatalog supplies) =>
        Phrase.Of("timeline.shortage", need.Quantity, Phrase.Unit(supplies.Get(need.Category).Code), Phrase.Supply(need.Category));

    public static string Note(IReadOnlyCollection<SupplyAllocation> allocations) =>
        allocations.Count == 0 ? "no supplies needed or none found" : string.Join("; ", allocations.Select(a => $"{a.Quantity} × {a.Category} from {a.StockpileId}"));

    public static Phrase ShortageReason(IEnumerable<Phrase> shortages) =>
        Phrase.Of("timeline.supplies-short", Phrase.List(shortages), NearestTried);
}
