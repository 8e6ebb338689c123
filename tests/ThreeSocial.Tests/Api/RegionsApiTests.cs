using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetTopologySuite.Geometries;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Users;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Api;

/// <summary>One silo with the full demo city for every test that needs it: building the catalog takes seconds.</summary>
[CollectionDefinition(Name)]
public sealed class CitySiloCollection : ICollectionFixture<RegionsSiloFixture>
{
    public const string Name = "city silo";
}

public sealed class RegionsSiloFixture : IAsyncLifetime
{
    public RunningSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await RunningSilo.StartAsync();

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}

[Collection(CitySiloCollection.Name)]
[Trait("Category", TestCategory.Api)]
public sealed class RegionsApiTests(RegionsSiloFixture fixture)
{
    private HttpClient Http => fixture.Silo.Http;

    [Fact]
    public async Task Districts_are_a_GeoJSON_feature_collection_of_the_38_real_districts()
    {
        var response = await Http.GetAsync("/api/v1/regions/districts");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType!.MediaType);
        var features = await Features(response);
        Assert.Equal(38, features.Count);
        var yuzhong = features.Single(f => f.GetProperty("id").GetString() == "500103");
        Assert.Equal("渝中区", yuzhong.GetProperty("properties").GetProperty("name").GetString());
        Assert.True(yuzhong.GetProperty("properties").GetProperty("profile").GetProperty("population").GetInt32() > 0);
        Assert.True(GeoJson.ReadGeometry(yuzhong.GetProperty("geometry")).IsValid);
    }

    [Fact]
    public async Task Children_of_a_district_are_its_streets_and_a_region_carries_its_summed_profile()
    {
        var streets = await Features(await Http.GetAsync("/api/v1/regions/500103/children"));
        var district = await Http.GetFromJsonAsync<JsonElement>("/api/v1/regions/500103");

        Assert.NotEmpty(streets);
        Assert.All(streets, s => Assert.StartsWith("500103", s.GetProperty("id").GetString()));
        Assert.Equal("district", district.GetProperty("properties").GetProperty("level").GetString());
        var sum = 0;
        foreach (var street in streets) sum += street.GetProperty("properties").GetProperty("profile").GetProperty("population").GetInt32();
        Assert.Equal(sum, district.GetProperty("properties").GetProperty("profile").GetProperty("population").GetInt32());
    }

    [Fact]
    public async Task A_point_resolves_to_its_grid_community_street_and_district()
    {
        // The interior point of a grid the catalog knows, asked for over HTTP.
        var grid = (await Features(await Http.GetAsync("/api/v1/regions/grids?bbox=106.55,29.55,106.58,29.57&limit=1"))).Single();
        var inside = GeoJson.ReadGeometry(grid.GetProperty("geometry")).InteriorPoint;
        FormattableString url = $"/api/v1/regions/lookup?lon={inside.X}&lat={inside.Y}";

        var located = await Http.GetFromJsonAsync<JsonElement>(FormattableString.Invariant(url));

        var gridCode = grid.GetProperty("id").GetString()!;
        Assert.Equal(gridCode, located.GetProperty("grid").GetProperty("code").GetString());
        Assert.Equal(gridCode[..12], located.GetProperty("community").GetProperty("code").GetString());
        Assert.Equal(gridCode[..9], located.GetProperty("street").GetProperty("code").GetString());
        Assert.Equal(gridCode[..6], located.GetProperty("district").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Each_feature_says_its_level_and_parent_so_the_map_never_works_them_out_from_the_code()
    {
        var district = (await Features(await Http.GetAsync("/api/v1/regions/districts"))).Single(f => f.GetProperty("id").GetString() == "500103");
        var street = (await Features(await Http.GetAsync("/api/v1/regions/500103/children"))).First();
        var community = (await Features(await Http.GetAsync($"/api/v1/regions/{street.GetProperty("id").GetString()}/children"))).First();
        var grid = (await Features(await Http.GetAsync("/api/v1/regions/grids?bbox=106.55,29.55,106.58,29.57&limit=1"))).Single();

        Assert.Equal(("district", "500000"), LevelAndParent(district));
        Assert.Equal(("street", "500103"), LevelAndParent(street));
        Assert.Equal(("community", street.GetProperty("id").GetString()), LevelAndParent(community));
        var (level, parent) = LevelAndParent(grid);
        Assert.Equal("grid", level);
        Assert.Equal("community", (await Http.GetFromJsonAsync<JsonElement>($"/api/v1/regions/{parent}")).GetProperty("properties").GetProperty("level").GetString());
    }

    private static (string?, string?) LevelAndParent(JsonElement feature)
    {
        var properties = feature.GetProperty("properties");
        return (properties.GetProperty("level").GetString(), properties.GetProperty("parent").GetString());
    }

    [Fact]
    public async Task A_looked_up_point_says_which_of_its_regions_the_callers_jurisdiction_covers()
    {
        var grid = (await Features(await Http.GetAsync("/api/v1/regions/grids?bbox=106.55,29.55,106.58,29.57&limit=1"))).Single();
        var inside = GeoJson.ReadGeometry(grid.GetProperty("geometry")).InteriorPoint;
        var url = FormattableString.Invariant($"/api/v1/regions/lookup?lon={inside.X}&lat={inside.Y}");
        var street = grid.GetProperty("id").GetString()![..9];

        var cityWide = await Http.GetFromJsonAsync<JsonElement>(url);
        var streetOffice = await (await fixture.Silo.As(Role.StreetOffice, street)).GetFromJsonAsync<JsonElement>(url);
        var elsewhere = await (await fixture.Silo.As(Role.Operator, "500243")).GetFromJsonAsync<JsonElement>(url);

        static bool Covered(JsonElement located, string level) => located.GetProperty(level).GetProperty("covered").GetBoolean();
        Assert.All(Levels, level => Assert.True(Covered(cityWide, level)));
        Assert.Equal([false, true, true, true], Levels.Select(level => Covered(streetOffice, level)));
        Assert.All(Levels, level => Assert.False(Covered(elsewhere, level)));
    }

    private static readonly string[] Levels = ["district", "street", "community", "grid"];

    [Fact]
    public async Task Grids_in_a_viewport_are_paged_with_a_cap()
    {
        var first = await Http.GetFromJsonAsync<JsonElement>("/api/v1/regions/grids?bbox=106.4,29.4,106.7,29.7&limit=100&page=1");
        var second = await Http.GetFromJsonAsync<JsonElement>("/api/v1/regions/grids?bbox=106.4,29.4,106.7,29.7&limit=100&page=2");

        var total = first.GetProperty("total").GetInt32();
        Assert.True(total > 100, $"the urban core holds more than 100 grids, got {total}");
        Assert.Equal(100, first.GetProperty("features").GetArrayLength());
        Assert.Contains("page=2", first.GetProperty("next").GetString());
        var ids = first.GetProperty("features").EnumerateArray().Concat(second.GetProperty("features").EnumerateArray()).Select(f => f.GetProperty("id").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("/api/v1/regions/lookup?lon=116.40&lat=39.90", HttpStatusCode.Conflict)]     // Beijing: outside Chongqing
    [InlineData("/api/v1/regions/lookup?lon=500&lat=29.5", HttpStatusCode.BadRequest)]       // not a longitude
    [InlineData("/api/v1/regions/lookup?lon=abc&lat=29.5", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/regions/999999", HttpStatusCode.BadRequest)]                        // not a Chongqing code
    [InlineData("/api/v1/regions/500199", HttpStatusCode.NotFound)]                          // well-formed, unknown
    [InlineData("/api/v1/regions/grids?bbox=1,2,3", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/regions/grids?bbox=106.7,29.4,106.4,29.7", HttpStatusCode.BadRequest)] // min > max
    [InlineData("/api/v1/regions/grids?bbox=106.4,29.4,106.7,29.7&limit=100000", HttpStatusCode.BadRequest)]
    public async Task Bad_region_requests_are_problems(string url, HttpStatusCode status)
    {
        var response = await Http.GetAsync(url);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<List<JsonElement>> Features(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var collection = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("FeatureCollection", collection.GetProperty("type").GetString());
        return collection.GetProperty("features").EnumerateArray().ToList();
    }
}
