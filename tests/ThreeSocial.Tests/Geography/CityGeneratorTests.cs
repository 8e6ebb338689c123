using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Geography;

/// <summary>The full demo city, generated once for these tests (seed 42, as the silo loads it).</summary>
public sealed class DemoCityFixture
{
    public CityModel City { get; } = new CityGenerator(42).Generate(ChongqingDistricts.All);
}

[Trait("Category", TestCategory.Unit)]
public sealed class CityGeneratorTests(DemoCityFixture fixture) : IClassFixture<DemoCityFixture>
{
    private CityModel City => fixture.City;

    [Fact]
    public void The_city_has_the_scale_of_the_source_documents()
    {
        Assert.Equal(38, City.Districts.Count);
        Assert.Equal(961, City.Streets.Count);
        Assert.Equal(1_822, City.Communities.Count(c => c.Urban));
        Assert.Equal(8_455, City.Communities.Count(c => !c.Urban));
        Assert.InRange(City.Grids.Count, 20_000, 40_000);
        Assert.True(City.Grids.Count(g => g.Urban) / 1_822.0 > City.Grids.Count(g => !g.Urban) / 8_455.0, "urban communities get more grids");
        Assert.Equal(38 + 961 + 10_277, City.Stockpiles.Count);
        Assert.Equal(City.Grids.Count, City.Responders.Count(r => r.Role == ResponderRole.GridWorker));
    }

    [Fact]
    public void Codes_follow_the_administrative_scheme()
    {
        Assert.All(City.Streets, s => Assert.Matches(s.Urban ? "^50[0-9]{4}0[0-9]{2}$" : "^50[0-9]{4}1[0-9]{2}$", s.Code));
        Assert.All(City.Streets, s => Assert.StartsWith(s.ParentCode!, s.Code));
        Assert.All(City.Communities, c =>
        {
            Assert.Equal(12, c.Code.Length);
            Assert.StartsWith(c.ParentCode!, c.Code);
            var sequence = int.Parse(c.Code[9..], CultureInfo.InvariantCulture);
            Assert.InRange(sequence, c.Urban ? 1 : 200, c.Urban ? 199 : 399);
        });
        Assert.All(City.Grids, g => Assert.Matches("^[0-9]{15}$", g.Code));
        Assert.All(City.Stockpiles, s => Assert.Equal(s.OwnerCode + "-S01", s.Id));
        var all = City.Districts.Concat(City.Streets).Concat(City.Communities).Concat(City.Grids).Select(r => r.Code).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public void Every_generated_area_is_a_valid_polygon()
    {
        var invalid = City.Streets.Concat(City.Communities).Concat(City.Grids).Where(r => !r.Area.IsValid || r.Area.IsEmpty || r.Area is not IPolygonal).Select(r => r.Code).ToList();
        Assert.Empty(invalid);
    }

    [Fact]
    public void Children_lie_inside_their_parents_and_cover_them_without_overlap()
    {
        AssertPartition(City.Districts, City.Streets);
        AssertPartition(City.Streets, City.Communities);
        AssertPartition(City.Communities, City.Grids);
    }

    private static void AssertPartition(IReadOnlyList<Region> parents, IReadOnlyList<Region> children)
    {
        var byParent = children.GroupBy(c => c.ParentCode!).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var parent in parents)
        {
            var mine = byParent[parent.Code];
            // Snap-rounding to 1e-6° may move a vertex by 0.05 m: "inside" allows that much.
            var container = PreparedGeometryFactory.Prepare(parent.Area.Buffer(1e-6));
            foreach (var child in mine) Assert.True(container.Covers(child.Area), $"{child.Code} is not inside {parent.Code}");
            var sum = mine.Sum(c => c.Area.Area);
            Assert.True(Math.Abs(sum - parent.Area.Area) <= parent.Area.Area * 0.001,
                $"{parent.Code}: children cover {sum / parent.Area.Area:P3} of it (overlap or gap)");
        }
    }

    [Fact]
    public void Every_community_has_a_plausible_profile()
    {
        foreach (var community in City.Communities)
        {
            var p = City.Profiles[community.Code];
            Assert.InRange(p.Households, 100, 10_000);
            Assert.InRange(p.Population, p.Households, p.Households * 4);
            Assert.InRange(p.Elderly60Plus, p.Population / 6, p.Population / 2);
            Assert.InRange(p.ElderlyLivingAlone, 0, p.Elderly60Plus / 3);
            Assert.True(p.CanteenSeats >= 0 && p.DeliveryCapacity >= 0);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_city_and_another_seed_another()
    {
        var three = ChongqingDistricts.All.Where(d => d.Code is "500103" or "500108" or "500236").ToList();
        var scale = new CityScale(Streets: 30, UrbanCommunities: 120, Villages: 200);

        var first = Fingerprint(new CityGenerator(7, scale).Generate(three));
        var again = Fingerprint(new CityGenerator(7, scale).Generate(three));
        var other = Fingerprint(new CityGenerator(8, scale).Generate(three));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Written_city_files_read_back_as_valid_RFC_7946_feature_collections()
    {
        using var temp = new TempDirectory();
        var small = new CityGenerator(3, new CityScale(Streets: 20, UrbanCommunities: 60, Villages: 90))
            .Generate(ChongqingDistricts.All.Where(d => d.Code is "500103" or "500112").ToList());

        CityFiles.Write(small, temp.Path);

        using var grids = JsonDocument.Parse(File.ReadAllText(temp.File("grids.geojson")));
        var features = grids.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(small.Grids.Count, features.Count);
        foreach (var feature in features)
        {
            var geometry = GeoJson.ReadGeometry(feature.GetProperty("geometry"));
            Assert.True(geometry.IsValid);
            var shell = geometry is Polygon p ? p.Shell : ((Polygon)geometry.GetGeometryN(0)).Shell;
            Assert.True(Orientation.IsCCW(shell.Coordinates));
        }
        Assert.Equal(small.Responders.Count, JsonDocument.Parse(File.ReadAllText(temp.File("responders.json"))).RootElement.GetArrayLength());
    }

    private static string Fingerprint(CityModel city) => string.Join('|', city.Streets.Concat(city.Communities).Concat(city.Grids)
        .Select(r => $"{r.Code}:{r.Name}:{r.Area.Area:R}:{r.Area.NumPoints}"));
}
