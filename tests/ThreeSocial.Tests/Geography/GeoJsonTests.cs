using System.Text.Json;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using ThreeSocial.Grains.Geography;
using Xunit;

namespace ThreeSocial.Tests.Geography;

/// <summary>What RFC 7946 asks of a written geometry, whatever the geometry looked like in memory.</summary>
[Trait("Category", TestCategory.Unit)]
public sealed class GeoJsonTests
{
    private static JsonElement Written(Geometry geometry)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) GeoJson.WriteGeometry(writer, geometry);
        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    private static Coordinate[] Ring(JsonElement ring) => [.. ring.EnumerateArray().Select(p => new Coordinate(p[0].GetDouble(), p[1].GetDouble()))];

    [Fact]
    public void A_clockwise_shell_with_a_counter_clockwise_hole_is_written_the_other_way_round_as_lon_lat_without_crs_to_six_decimals()
    {
        var factory = new GeometryFactory(new PrecisionModel(), 4326); // unrounded, as a computed outline can be
        var shell = factory.CreateLinearRing([new(106.5, 29.5), new(106.5, 29.6), new(106.6123456789, 29.6), new(106.6123456789, 29.5), new(106.5, 29.5)]);
        var hole = factory.CreateLinearRing([new(106.52, 29.52), new(106.55, 29.52), new(106.55, 29.55), new(106.52, 29.55), new(106.52, 29.52)]);
        Assert.False(Orientation.IsCCW(shell.Coordinates)); // the control: both start the wrong way for RFC 7946
        Assert.True(Orientation.IsCCW(hole.Coordinates));

        var json = Written(factory.CreatePolygon(shell, [hole]));

        Assert.Equal("Polygon", json.GetProperty("type").GetString());
        Assert.False(json.TryGetProperty("crs", out _));
        Assert.False(json.TryGetProperty("bbox", out _));
        var rings = json.GetProperty("coordinates").EnumerateArray().Select(Ring).ToList();
        Assert.True(Orientation.IsCCW(rings[0]), "exterior ring counter-clockwise");
        Assert.False(Orientation.IsCCW(rings[1]), "hole clockwise");
        Assert.Contains(rings[0], p => p.X == 106.612346); // six decimals
        Assert.All(rings.SelectMany(r => r), p => Assert.True(p.X > 100 && p.Y < 40, "[longitude, latitude]"));

        var read = GeoJson.ReadGeometry(json);
        Assert.True(read.IsValid);
        Assert.Equal(factory.CreatePolygon(shell, [hole]).Area, read.Area, 6);
    }
}
