using System.Text.Json;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using ThreeSocial.Grains.Geography;
using Xunit;

namespace ThreeSocial.Tests.Geography;

/// <summary>The committed district file, checked as RFC 7946 GeoJSON and as geometry.</summary>
[Trait("Category", TestCategory.Unit)]
public sealed class DistrictOutlineTests
{
    private static readonly string CommittedFile = Path.Combine(RepositoryRoot(), "grains", "Geography", "Data", "chongqing-districts.geojson");

    [Fact]
    public void There_are_the_38_districts_and_counties_of_Chongqing_with_their_GB_T_2260_codes()
    {
        var districts = ChongqingDistricts.All;

        Assert.Equal(38, districts.Count);
        Assert.Equal(38, districts.Select(d => d.Code).Distinct().Count());
        Assert.All(districts, d => Assert.Matches("^50(01|02)[0-9]{2}$", d.Code));
        Assert.Contains(districts, d => d is { Code: "500103", Name: "渝中区" });
        Assert.Contains(districts, d => d is { Code: "500155", Name: "梁平区" }); // renamed from 梁平县 (500228)
        Assert.Contains(districts, d => d is { Code: "500243", Name: "彭水苗族土家族自治县" });
        Assert.Equal(12, districts.Count(d => d.IsCounty));
    }

    [Fact]
    public void Every_outline_is_a_valid_polygon_inside_Chongqing()
    {
        foreach (var district in ChongqingDistricts.All)
        {
            Assert.True(district.Outline.IsValid, $"{district.Name} is not valid");
            Assert.IsAssignableFrom<IPolygonal>(district.Outline);
            var e = district.Outline.EnvelopeInternal;
            Assert.True(e.MinX > 105 && e.MaxX < 110.3 && e.MinY > 28 && e.MaxY < 32.3, $"{district.Name} lies outside Chongqing: {e}");
        }
        // 渝中区, the peninsula at the heart of the city, is about 23 km²; the whole city about 82,400 km².
        Assert.InRange(AreaKm2(ChongqingDistricts.All.Single(d => d.Code == "500103").Outline), 15, 35);
        Assert.InRange(ChongqingDistricts.All.Sum(d => AreaKm2(d.Outline)), 78_000, 86_000);
    }

    [Fact]
    public void The_file_is_RFC_7946_lon_lat_positions_closed_rings_counter_clockwise_shells()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(CommittedFile));
        Assert.Equal("FeatureCollection", document.RootElement.GetProperty("type").GetString());
        foreach (var feature in document.RootElement.GetProperty("features").EnumerateArray())
        {
            Assert.Equal("Feature", feature.GetProperty("type").GetString());
            var geometry = feature.GetProperty("geometry");
            var polygons = geometry.GetProperty("type").GetString() == "Polygon"
                ? [geometry.GetProperty("coordinates")]
                : geometry.GetProperty("coordinates").EnumerateArray().ToList();
            foreach (var polygon in polygons)
            {
                var rings = polygon.EnumerateArray().ToList();
                for (var r = 0; r < rings.Count; r++)
                {
                    var positions = rings[r].EnumerateArray().Select(p => new Coordinate(p[0].GetDouble(), p[1].GetDouble())).ToArray();
                    Assert.True(positions.Length >= 4, "a ring needs four positions");
                    Assert.True(positions[0].Equals2D(positions[^1]), "ring not closed");
                    Assert.All(positions, p => Assert.True(p.X is > 105 and < 111 && p.Y is > 28 and < 33, $"not [lon, lat]: {p}"));
                    Assert.Equal(r == 0, Orientation.IsCCW(positions)); // shells counter-clockwise, holes clockwise
                }
            }
        }
    }

    /// <summary>Area on the sphere's surface near Chongqing's latitude: good to a percent, which is all these checks need.</summary>
    internal static double AreaKm2(Geometry g)
    {
        var lat = g.Centroid.Y * Math.PI / 180;
        return g.Area * 111.32 * 111.32 * Math.Cos(lat);
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ThreeSocial.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Not inside the repository.");
    }
}
