using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Precision;

namespace ThreeSocial.Grains.Geography;

/// <summary>
/// RFC 7946 geometries through NetTopologySuite.IO.GeoJSON4STJ: positions [longitude, latitude], no "crs", exterior
/// rings counter-clockwise and holes clockwise whatever orientation the geometry had in memory, six decimals.
/// </summary>
public static class GeoJson
{
    /// <summary>Six decimals of a degree is about 0.1 m: finer than any boundary we draw.</summary>
    public static readonly GeometryFactory Factory = new(new PrecisionModel(1_000_000), 4326);

    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new GeoJsonConverterFactory(Factory, writeGeometryBBox: false, idPropertyName: "id", RingOrientationOption.EnforceRfc9746) },
    };

    public static void WriteGeometry(Utf8JsonWriter writer, Geometry geometry) =>
        JsonSerializer.Serialize(writer, GeometryPrecisionReducer.ReducePointwise(geometry, Factory.PrecisionModel), Options);

    public static Geometry ReadGeometry(JsonElement element) =>
        element.Deserialize<Geometry>(Options) ?? throw new JsonException("A geometry is required.");
}
