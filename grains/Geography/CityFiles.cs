namespace ThreeSocial.Grains.Geography;

/// <summary>Writes a generated city: one RFC 7946 FeatureCollection per level, and JSON for the rest.</summary>
public static class CityFiles
{
    public static void Write(CityModel city, string directory)
    {
        Directory.CreateDirectory(directory);
        WriteRegions(Path.Combine(directory, "districts.geojson"), city.Districts, city);
        WriteRegions(Path.Combine(directory, "streets.geojson"), city.Streets, city);
        WriteRegions(Path.Combine(directory, "communities.geojson"), city.Communities, city);
        WriteRegions(Path.Combine(directory, "grids.geojson"), city.Grids, city);
        File.WriteAllText(Path.Combine(directory, "stockpiles.json"), RegionGeoJson.Serialize(
            city.Stockpiles.Select(s => new { s.Id, s.OwnerCode, s.Tier, Location = new[] { s.Location.X, s.Location.Y } })));
        File.WriteAllText(Path.Combine(directory, "responders.json"), RegionGeoJson.Serialize(
            city.Responders.Select(r => new { r.Id, r.Role, r.HomeCommunity, r.Skills, r.Mode, Home = new[] { r.Home.X, r.Home.Y } })));
    }

    private static void WriteRegions(string path, IEnumerable<Region> regions, CityModel city)
    {
        using var stream = File.Create(path);
        using var writer = new System.Text.Json.Utf8JsonWriter(stream, RegionGeoJson.WriterOptions);
        RegionGeoJson.WriteFeatureCollection(writer, regions, code => city.Profiles.GetValueOrDefault(code));
    }
}
