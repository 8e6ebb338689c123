using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;

namespace ThreeSocial.Tests.Support;

/// <summary>Small generated cities over a few real districts: every level of the hierarchy, built in well under a second.</summary>
public static class TestCities
{
    public static RegionCatalog Small(int seed, CityScale scale, params string[] districtCodes) =>
        new(new CityGenerator(seed, scale).Generate(ChongqingDistricts.All.Where(d => districtCodes.Contains(d.Code)).ToList()));
}
