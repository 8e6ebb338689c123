using System.Text.Json;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace ThreeSocial.Grains.Geography;

/// <summary>
/// RFC 7946 GeoJSON for NetTopologySuite geometries, on System.Text.Json (the NTS GeoJSON package does not restore
/// here). Positions are [longitude, latitude]; rings are closed; exterior rings run counter-clockwise and holes
/// clockwise, whatever orientation the geometry had in memory.
/// </summary>
public static class GeoJson
{
    /// <summary>Six decimals of a degree is about 0.1 m: finer than any boundary we draw.</summary>
    public static readonly GeometryFactory Factory = new(new PrecisionModel(1_000_000), 4326);

    public static void WriteGeometry(Utf8JsonWriter writer, Geometry geometry)
    {
        writer.WriteStartObject();
        switch (geometry)
        {
            case Point point:
                writer.WriteString("type", "Point");
                writer.WritePropertyName("coordinates");
                WritePosition(writer, point.Coordinate);
                break;
            case Polygon polygon:
                writer.WriteString("type", "Polygon");
                writer.WritePropertyName("coordinates");
                WritePolygon(writer, polygon);
                break;
            case MultiPolygon multi:
                writer.WriteString("type", "MultiPolygon");
                writer.WritePropertyName("coordinates");
                writer.WriteStartArray();
                foreach (var polygon in multi.Geometries.Cast<Polygon>()) WritePolygon(writer, polygon);
                writer.WriteEndArray();
                break;
            default:
                throw new NotSupportedException($"GeoJSON output of {geometry.GeometryType} is not supported.");
        }
        writer.WriteEndObject();
    }

    public static Geometry ReadGeometry(JsonElement element, GeometryFactory? factory = null)
    {
        factory ??= Factory;
        var coordinates = element.GetProperty("coordinates");
        return element.GetProperty("type").GetString() switch
        {
            "Point" => factory.CreatePoint(ReadPosition(coordinates)),
            "Polygon" => ReadPolygon(coordinates, factory),
            "MultiPolygon" => factory.CreateMultiPolygon([.. coordinates.EnumerateArray().Select(p => ReadPolygon(p, factory))]),
            var other => throw new JsonException($"Unsupported GeoJSON geometry type '{other}'."),
        };
    }

    private static void WritePolygon(Utf8JsonWriter writer, Polygon polygon)
    {
        writer.WriteStartArray();
        WriteRing(writer, polygon.Shell, counterClockwise: true);
        foreach (var hole in polygon.Holes) WriteRing(writer, hole, counterClockwise: false);
        writer.WriteEndArray();
    }

    private static void WriteRing(Utf8JsonWriter writer, LinearRing ring, bool counterClockwise)
    {
        var coordinates = ring.Coordinates;
        if (Orientation.IsCCW(coordinates) != counterClockwise) coordinates = [.. coordinates.Reverse()];
        writer.WriteStartArray();
        foreach (var c in coordinates) WritePosition(writer, c);
        writer.WriteEndArray();
    }

    private static void WritePosition(Utf8JsonWriter writer, Coordinate c)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(Math.Round(c.X, 6));
        writer.WriteNumberValue(Math.Round(c.Y, 6));
        writer.WriteEndArray();
    }

    private static Polygon ReadPolygon(JsonElement rings, GeometryFactory factory)
    {
        var all = rings.EnumerateArray().Select(r => factory.CreateLinearRing(ReadRing(r))).ToArray();
        if (all.Length == 0) throw new JsonException("A polygon needs at least its exterior ring.");
        return factory.CreatePolygon(all[0], all[1..]);
    }

    private static Coordinate[] ReadRing(JsonElement ring) => [.. ring.EnumerateArray().Select(ReadPosition)];

    private static Coordinate ReadPosition(JsonElement position)
    {
        if (position.GetArrayLength() < 2) throw new JsonException("A position needs longitude and latitude.");
        return new Coordinate(position[0].GetDouble(), position[1].GetDouble());
    }
}
