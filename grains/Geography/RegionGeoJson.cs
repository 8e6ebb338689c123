using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ThreeSocial.Grains.Geography;

/// <summary>Regions as RFC 7946 features: the one writer the API and the generated files share.</summary>
public static class RegionGeoJson
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <param name="profileOf">The people a region serves (summed for streets and districts), if known.</param>
    /// <param name="extra">Members written after "features" (paging, totals).</param>
    /// <param name="liveOf">The region's live status (a JSON-serialisable object), if it has one.</param>
    public static void WriteFeatureCollection(Utf8JsonWriter writer, IEnumerable<Region> regions,
        Func<string, CommunityProfile?> profileOf, Action<Utf8JsonWriter>? extra = null, Func<string, object?>? liveOf = null)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "FeatureCollection");
        writer.WritePropertyName("features");
        writer.WriteStartArray();
        foreach (var region in regions) WriteFeature(writer, region, profileOf(region.Code), liveOf?.Invoke(region.Code));
        writer.WriteEndArray();
        extra?.Invoke(writer);
        writer.WriteEndObject();
    }

    public static void WriteFeature(Utf8JsonWriter writer, Region region, CommunityProfile? profile, object? live = null)
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
        writer.WriteString("level", LevelName(region.Level));
        if (region.ParentCode is not null) writer.WriteString("parent", region.ParentCode);
        writer.WriteBoolean("urban", region.Urban);
        if (profile is not null)
        {
            writer.WritePropertyName("profile");
            JsonSerializer.Serialize(writer, profile, Json);
        }
        if (live is not null)
        {
            writer.WritePropertyName("live");
            JsonSerializer.Serialize(writer, live, live.GetType(), Json);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>A level as features and the dashboard's config name it: "city", "district", "street", "community", "grid".</summary>
    public static string LevelName(RegionLevel level) => level.ToString().ToLowerInvariant();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);
}
