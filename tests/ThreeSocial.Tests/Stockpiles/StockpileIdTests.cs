using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Stockpiles;

[Trait("Category", TestCategory.Unit)]
public sealed class StockpileIdTests
{
    [Theory]
    [InlineData("500103001002-S01", "500103001002", RegionLevel.Community, "500103001")]
    [InlineData("500103001-S01", "500103001", RegionLevel.Street, "500103001")]
    [InlineData("500103-S07", "500103", RegionLevel.District, "500103")]
    public void An_id_is_its_owner_s_code_and_a_sequence_and_its_jurisdiction_is_the_owner_up_to_its_street(
        string id, string owner, RegionLevel level, string jurisdiction)
    {
        var parsed = StockpileId.Parse(id);
        Assert.Equal(owner, parsed.Owner.ToString());
        Assert.Equal(level, parsed.Owner.Level);
        Assert.Equal(jurisdiction, parsed.Jurisdiction.ToString());
        Assert.Equal(id, parsed.ToString());
    }

    [Fact]
    public void Every_stockpile_of_a_generated_city_parses_to_its_recorded_owner()
    {
        foreach (var site in TestCities.Small(9, new CityScale(Streets: 4, UrbanCommunities: 10, Villages: 10), "500103").City.Stockpiles)
            Assert.Equal(site.OwnerCode, StockpileId.Parse(site.Id).Owner.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("500103001")]               // an owner with no sequence
    [InlineData("500103001-S1")]
    [InlineData("500103001-S001")]
    [InlineData("500103001-SAB")]
    [InlineData("500103001-T01")]
    [InlineData("500000-S01")]              // the city owns no stockpile
    [InlineData("500103001002003-S01")]     // nor does a grid
    [InlineData("50010300-S01")]
    [InlineData("-S01")]
    [InlineData("500103001-S01-S01")]
    [InlineData("<script>-S01")]
    public void Anything_else_is_the_caller_s_mistake(string? id)
    {
        Assert.False(StockpileId.TryParse(id, out _));
        var refused = Assert.Throws<InvalidRequestException>(() => StockpileId.Parse(id));
        Assert.Equal("id", refused.Field);
    }
}
