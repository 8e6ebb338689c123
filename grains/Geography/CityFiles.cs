using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ThreeSocial.Grains.Geography;

/// <summary>Writes a generated city: one RFC 7946 FeatureCollection per level, and JSON for the rest.</summary>
public static class CityFiles
{
    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static void Write(CityModel city, string directory)
    {
        Directory.CreateDirectory(directory);
        WriteRegions(Path.Combine(directory, "districts.geojson"), city.Districts, city);
        WriteRegions(Path.Combine(directory, "streets.geojson"), city.Streets, city);
        WriteRegions(Path.Combine(directory, "communities.geojson"), city.Communities, city);
        WriteRegions(Path.Combine(directory, "grids.geojson"), city.Grids, city);
        File.WriteAllText(Path.Combine(directory, "stockpiles.json"), JsonSerializer.Serialize(
            city.Stockpiles.Select(s => new { s.Id, s.OwnerCode, s.Tier, Location = new[] { s.Location.X, s.Location.Y } }), Json));
        File.WriteAllText(Path.Combine(directory, "responders.json"), JsonSerializer.Serialize(
            city.Responders.Select(r => new { r.Id, r.Role, r.HomeCommunity, r.Skills, r.Mode, Home = new[] { r.Home.X, r.Home.Y } }), Json));
    }

    private static void WriteRegions(string path, IEnumerable<Region> regions, CityModel city)
    {
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, Writer);
        writer.WriteStartObject();
        writer.WriteString("type", "FeatureCollection");
        writer.WritePropertyName("features");
        writer.WriteStartArray();
        foreach (var region in regions)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "Feature");
            writer.WriteString("id", region.Code);
            writer.WritePropertyName("geometry");
            GeoJson.WriteGeometry(writer, region.Area);
            writer.WritePropertyName("properties");
            writer.WriteStartObject();
            writer.WriteString("code", region.Code);
            writer.WriteString("name", region.Name);
            writer.WriteString("level", region.Level.ToString().ToLowerInvariant());
            if (region.ParentCode is not null) writer.WriteString("parent", region.ParentCode);
            writer.WriteBoolean("urban", region.Urban);
            if (city.Profiles.TryGetValue(region.Code, out var p))
            {
                writer.WritePropertyName("profile");
                JsonSerializer.Serialize(writer, p, Json);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
