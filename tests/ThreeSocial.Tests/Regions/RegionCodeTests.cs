using ThreeSocial.Api.Live;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using Xunit;

namespace ThreeSocial.Tests.Regions;

[Trait("Category", TestCategory.Unit)]
public sealed class RegionCodeTests
{
    private const string District = "500103";
    private const string Street = "500103001";
    private const string Community = "500103001002";
    private const string Grid = "500103001002003";

    [Theory]
    [InlineData("500000", RegionLevel.City)]
    [InlineData(District, RegionLevel.District)]
    [InlineData(Street, RegionLevel.Street)]
    [InlineData(Community, RegionLevel.Community)]
    [InlineData(Grid, RegionLevel.Grid)]
    public void A_code_s_length_says_its_level_and_it_prints_as_its_digits(string code, RegionLevel level)
    {
        var parsed = RegionCode.Parse(code);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(code, parsed.ToString());
        Assert.Equal(parsed, RegionCode.Parse(code)); // equal by value
    }

    [Fact]
    public void Parents_climb_one_level_at_a_time_to_the_city_which_has_none()
    {
        Assert.Equal(Community, RegionCode.Parse(Grid).Parent.ToString());
        Assert.Equal(Street, RegionCode.Parse(Community).Parent.ToString());
        Assert.Equal(District, RegionCode.Parse(Street).Parent.ToString());
        Assert.Equal(RegionCode.City, RegionCode.Parse(District).Parent);
        Assert.Null(RegionCode.City.Parent);
    }

    [Fact]
    public void District_and_street_are_the_leading_digits_or_the_region_itself()
    {
        Assert.Equal(District, RegionCode.Parse(Grid).District.ToString());
        Assert.Equal(District, RegionCode.Parse(District).District.ToString());
        Assert.Equal(Street, RegionCode.Parse(Grid).Street.ToString());
        Assert.Equal(Street, RegionCode.Parse(Street).Street.ToString());
        Assert.Throws<InvalidOperationException>(() => RegionCode.City.District);
        Assert.Throws<InvalidOperationException>(() => RegionCode.Parse(District).Street);
    }

    [Fact]
    public void Up_to_a_level_stops_at_the_region_itself_when_it_is_already_that_high()
    {
        Assert.Equal(Street, RegionCode.Parse(Community).UpTo(RegionLevel.Street).ToString());
        Assert.Equal(District, RegionCode.Parse(District).UpTo(RegionLevel.Street).ToString());
        Assert.Equal(RegionCode.City, RegionCode.Parse(Grid).UpTo(RegionLevel.City));
        Assert.Equal(Grid, RegionCode.Parse(Grid).UpTo(RegionLevel.Grid).ToString());
    }

    [Fact]
    public void A_region_covers_itself_and_what_lies_in_it_and_the_city_covers_everything()
    {
        var district = RegionCode.Parse(District);
        Assert.True(district.Covers(district));
        Assert.True(district.Covers(RegionCode.Parse(Grid)));
        Assert.True(RegionCode.Parse(Street).Covers(RegionCode.Parse(Community)));
        Assert.False(RegionCode.Parse(Community).Covers(RegionCode.Parse(Street)));
        Assert.False(district.Covers(RegionCode.Parse("500104001")));
        Assert.False(district.Covers(RegionCode.City));
        Assert.True(RegionCode.City.Covers(RegionCode.City));
        Assert.True(RegionCode.City.Covers(RegionCode.Parse(Grid)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("5001")]
    [InlineData("5001030")]          // 7 digits: no level has them
    [InlineData("5001030010020031")] // 16
    [InlineData("110101")]           // another province
    [InlineData("50010A")]
    [InlineData("５００１０３")]      // full-width digits
    [InlineData(" 500103")]
    [InlineData("500000001")]        // no district is numbered 500000
    [InlineData("500103001-S01")]
    public void Anything_else_is_the_caller_s_mistake(string? code)
    {
        Assert.False(RegionCode.TryParse(code, out _));
        var refused = Assert.Throws<InvalidRequestException>(() => RegionCode.Parse(code, "jurisdiction"));
        Assert.Equal("jurisdiction", refused.Field);
    }

    [Fact]
    public void A_default_code_is_no_code()
    {
        Assert.Throws<InvalidOperationException>(() => default(RegionCode).ToString());
        Assert.Throws<InvalidOperationException>(() => default(RegionCode).Level);
    }

    [Fact]
    public void A_child_reports_to_its_parent_region_an_incident_to_its_street_and_a_stockpile_to_its_owner_s_street()
    {
        Assert.Equal(Street, ParentReporter.ParentOf(Community));
        Assert.Equal(District, ParentReporter.ParentOf(Street));
        Assert.Equal(ChongqingDistricts.CityCode, ParentReporter.ParentOf(District));
        Assert.Null(ParentReporter.ParentOf(ChongqingDistricts.CityCode));
        Assert.Equal(Street, ParentReporter.ParentOf("INC-500103001-0123456789AB"));
        Assert.Equal(Street, ParentReporter.ParentOf(Community + "-S01"));
        Assert.Equal(Street, ParentReporter.ParentOf(Street + "-S01"));
        Assert.Equal(District, ParentReporter.ParentOf(District + "-S01"));
        Assert.Null(ParentReporter.ParentOf("not-a-code"));
    }

    [Fact]
    public void A_region_s_change_shows_on_its_own_map_when_it_has_one_and_on_its_parent_s()
    {
        Assert.Equal(["500000"], LiveGroups.ShowingRegion("500000"));
        Assert.Equal([District, "500000"], LiveGroups.ShowingRegion(District));
        Assert.Equal([Street, District], LiveGroups.ShowingRegion(Street));
        Assert.Equal([Street], LiveGroups.ShowingRegion(Community));
        Assert.Empty(LiveGroups.ShowingRegion(Grid));
        Assert.Empty(LiveGroups.ShowingRegion("bogus"));
    }
}
