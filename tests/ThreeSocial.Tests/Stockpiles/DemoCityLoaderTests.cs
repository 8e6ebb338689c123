using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Responders;
using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Silo.DemoCity;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Stockpiles;

[Trait("Category", TestCategory.Grain)]
public sealed class DemoCityLoaderTests : RuntimeTest
{
    private static readonly Lazy<RegionCatalog> SmallCity = new(() =>
        TestCities.Small(9, new CityScale(Streets: 10, UrbanCommunities: 40, Villages: 60), "500105", "500229"));

    private static readonly DateOnly Today = new(2026, 11, 22);

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton(SmallCity.Value);

    [Fact]
    public async Task Every_stockpile_opens_with_stock_depots_hold_more_and_some_communities_start_short()
    {
        var opened = await DemoCityLoader.LoadAsync(Grains, SmallCity.Value, Silo.Services.GetRequiredService<SupplyCatalog>(), seed: 42, Today);

        Assert.Equal(SmallCity.Value.City.Stockpiles.Count, opened);
        var statuses = await Task.WhenAll(SmallCity.Value.City.Stockpiles.Select(async s => (Site: s, Status: await Grains.GetGrain<IStockpileGrain>(s.Id).GetStatus())));
        Assert.All(statuses, s => Assert.True(s.Status.Categories.Sum(c => c.OnHand) > 0, $"{s.Site.Id} is empty"));
        var water = (StockpileTier tier) => statuses.Where(s => s.Site.Tier == tier).Average(s => s.Status.Categories.Single(c => c.Category == "1010101").OnHand);
        Assert.True(water(StockpileTier.DistrictDepot) > water(StockpileTier.StreetDepot) && water(StockpileTier.StreetDepot) > water(StockpileTier.Community));
        var communities = statuses.Where(s => s.Site.Tier == StockpileTier.Community).ToList();
        var short_ = communities.Count(s => s.Status.CategoriesBelowMinimum > 0);
        Assert.InRange(short_, 1, communities.Count / 3);
    }

    [Fact]
    public async Task The_demo_shift_puts_a_fifth_of_every_role_on_duty_and_the_roll_ups_count_them()
    {
        var onDuty = await DemoCityLoader.StartShiftAsync(Grains, SmallCity.Value, seed: 42);

        var registered = SmallCity.Value.City.Responders;
        Assert.InRange(onDuty, registered.Count * 15 / 100, registered.Count * 25 / 100);
        foreach (var role in registered.Select(r => r.Role).Distinct())
        {
            var ofRole = registered.Where(r => r.Role == role).ToList();
            var statuses = await Task.WhenAll(ofRole.Select(r => Grains.GetGrain<IResponderGrain>(r.Id).GetStatus()));
            Assert.InRange(statuses.Count(s => s.OnDuty), 1, ofRole.Count / 2);
        }
        await Eventually.True(async () => (await Grains.GetGrain<IRegionGrain>("500105").GetStatus()).Totals.PeopleOnDuty +
            (await Grains.GetGrain<IRegionGrain>("500229").GetStatus()).Totals.PeopleOnDuty == onDuty, "the districts' roll-ups count the shift");
        Assert.Equal(onDuty, await DemoCityLoader.StartShiftAsync(Grains, SmallCity.Value, seed: 42)); // again: the same people
    }

    [Fact]
    public async Task Loading_again_changes_nothing()
    {
        await DemoCityLoader.LoadAsync(Grains, SmallCity.Value, Silo.Services.GetRequiredService<SupplyCatalog>(), seed: 42, Today);
        var site = SmallCity.Value.City.Stockpiles[^1].Id;
        var before = await Grains.GetGrain<IStockpileGrain>(site).GetStatus();

        await DemoCityLoader.LoadAsync(Grains, SmallCity.Value, Silo.Services.GetRequiredService<SupplyCatalog>(), seed: 42, Today);

        var after = await Grains.GetGrain<IStockpileGrain>(site).GetStatus();
        Assert.Equal(before.LedgerLength, after.LedgerLength);
        Assert.Equal(before.Categories.ToArray(), after.Categories.ToArray());
    }
}
