using StableHash = ThreeSocial.Grains.Common.StableHash;
using ThreeSocial.Grains.Common;
using System.Collections.Immutable;
using ThreeSocial.Grains.Geography;

namespace ThreeSocial.Grains.Stockpiles;

/// <summary>
/// What each stockpile of the demo city holds on its first day: the same for the same seed. Depots hold more than
/// communities; about one community in seven is short of something, so the map has low stock to show.
/// </summary>
public static class OpeningStockPlan
{
    public static OpeningStock For(SupplyCatalog supplies, StockpileSite site, int seed, DateOnly today)
    {
        var random = new Random(seed ^ StableHash.Of(site.Id));
        var factor = site.Tier switch { StockpileTier.DistrictDepot => 20, StockpileTier.StreetDepot => 5, _ => 1 };
        var short_ = site.Tier == StockpileTier.Community && random.NextDouble() < 0.15;
        var lines = ImmutableArray.CreateBuilder<StockLine>();
        foreach (var category in supplies.All)
        {
            var minimum = category.Minimum * factor;
            var quantity = minimum == 0
                ? (site.Tier == StockpileTier.Community ? 0 : random.Next(1, 5)) // boats live in depots
                : (int)(minimum * (short_ && random.NextDouble() < 0.3 ? 0.3 + random.NextDouble() * 0.6 : 1.0 + random.NextDouble() * 1.5));
            if (quantity <= 0) continue;
            DateOnly? expiry = category.Perishable ? today.AddDays(random.Next(10, 700)) : null;
            lines.Add(new StockLine(category.Code, quantity, expiry, minimum));
        }
        return new OpeningStock($"demo-city-{seed}", lines.ToImmutable(), "demo-city");
    }
}
