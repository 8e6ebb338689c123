using ThreeSocial.Grains.Geography;

namespace ThreeSocial.Grains.Users;

/// <summary>Region codes nest by prefix (district 6 digits, street 9, community 12, grid 15); the city 500000 holds them all.</summary>
public static class Jurisdiction
{
    public static bool Covers(string jurisdiction, string code) =>
        jurisdiction == ChongqingDistricts.CityCode || (code.StartsWith(jurisdiction, StringComparison.Ordinal) && code != ChongqingDistricts.CityCode);

    public static bool Covers(IEnumerable<string> jurisdiction, string code) => jurisdiction.Any(j => Covers(j, code));
}
