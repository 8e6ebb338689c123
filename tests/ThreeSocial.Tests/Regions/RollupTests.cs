using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Responders;
using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Regions;

[Trait("Category", TestCategory.Grain)]
public sealed class RollupTests : RuntimeTest
{
    // Two real districts with a small generated city below them: every level of the hierarchy, in seconds.
    private static readonly Lazy<RegionCatalog> SmallCity = new(() =>
        TestCities.Small(5, new CityScale(Streets: 12, UrbanCommunities: 40, Villages: 60), "500103", "500236"));

    private static RegionCatalog Catalog => SmallCity.Value;

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton(Catalog);

    [Fact]
    public async Task After_a_random_burst_of_duty_changes_every_rollup_agrees_with_a_full_recount()
    {
        var random = new Random(11);
        var responders = Catalog.City.Responders.OrderBy(_ => random.Next()).Take(300).Select(r => r.Id).ToList();
        var changes = Enumerable.Range(0, 1500).Select(i => (Id: responders[random.Next(responders.Count)], On: random.Next(3) > 0)).ToList();

        // Many callers at once, as a shift change would bring them.
        await Parallel.ForEachAsync(changes, new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (c, _) => await Grains.GetGrain<IResponderGrain>(c.Id).SetDuty(c.On, "shift-change"));

        await Eventually.True(async () => await Agrees(responders), "roll-ups catch up with the burst", 20_000);

        await RestartAsync(); // what the roll-ups stored is what they show after a restart
        Assert.True(await Agrees(responders), "roll-ups differ from the recount after a restart");
    }

    [Fact]
    public async Task Low_stock_stockpiles_roll_up_from_communities_streets_and_depots_and_clear_when_restocked()
    {
        var today = ChongqingTime.Today(TimeProvider.System);
        var sites = Catalog.City.Stockpiles;
        await Parallel.ForEachAsync(sites, async (site, _) => await Grains.GetGrain<IStockpileGrain>(site.Id).Open(OpeningStockPlan.For(Silo.Services.GetRequiredService<SupplyCatalog>(), site, 5, today)));
        var random = new Random(3);
        var drawn = sites.OrderBy(_ => random.Next()).Take(20).ToList();
        foreach (var site in drawn) // empty their sandbags: below the minimum
        {
            var stockpile = Grains.GetGrain<IStockpileGrain>(site.Id);
            var sandbags = (await stockpile.GetStatus()).Categories.Single(c => c.Category == "3010101").Usable;
            if (sandbags > 0) await stockpile.Issue(new IssueSupplies($"flood-{site.Id}", "3010101", sandbags, "w", "flood"));
        }

        await Eventually.True(async () => await LowStockAgrees(sites), "low-stock counts match a recount");
        var lowBefore = (await City()).Totals.LowStockStockpiles;
        foreach (var site in drawn.Take(5))
            await Grains.GetGrain<IStockpileGrain>(site.Id).Receive(new ReceiveSupplies($"restock-{site.Id}", "3010101", 100_000, null, "w"));

        await Eventually.True(async () => await LowStockAgrees(sites), "restocked stockpiles leave the count");
        Assert.True((await City()).Totals.LowStockStockpiles < lowBefore);
        Assert.True(lowBefore >= 20);
    }

    private async Task<bool> LowStockAgrees(IReadOnlyList<StockpileSite> sites)
    {
        var statuses = await Task.WhenAll(sites.Select(s => Grains.GetGrain<IStockpileGrain>(s.Id).GetStatus()));
        var low = statuses.Where(s => s.CategoriesBelowMinimum > 0).Select(s => s.StockpileId).ToList();
        if ((await City()).Totals.LowStockStockpiles != low.Count) return false;
        foreach (var street in Catalog.City.Streets)
        {
            var expected = low.Count(id => id.StartsWith(street.Code, StringComparison.Ordinal));
            if ((await Grains.GetGrain<IRegionGrain>(street.Code).GetStatus()).Totals.LowStockStockpiles != expected) return false;
        }
        return true;
    }

    [Fact]
    public async Task Reading_the_city_totals_reads_one_grain()
    {
        var someone = Catalog.City.Responders.First(r => r.Role == ResponderRole.Volunteer).Id;
        await Grains.GetGrain<IResponderGrain>(someone).SetDuty(true, "w");
        await Eventually.True(async () => (await City()).Totals.VolunteersOnDuty == 1, "the volunteer reaches the city");
        // The roll-up up the tree may still be activating grains when the city already counts the volunteer: wait until it is still.
        // Still means the same count three polls in a row: two alike can fall between two activations of the roll-up.
        var (before, alike) = (-1, 0);
        await Eventually.True(async () => (alike = before == (before = await Silo.ActivationCount()) ? alike + 1 : 0) >= 2, "no more activations", 10_000);

        var city = await City();

        Assert.Equal(1, city.Totals.PeopleOnDuty);
        Assert.Equal(before, await Silo.ActivationCount());
    }

    [Fact]
    public async Task Going_on_duty_twice_counts_once()
    {
        var workers = Catalog.City.Responders.Where(r => r.Role == ResponderRole.SocialWorker).GroupBy(r => r.HomeCommunity).First(g => g.Count() >= 2).Take(2).ToList();
        await Grains.GetGrain<IResponderGrain>(workers[0].Id).SetDuty(true, "w");
        await Grains.GetGrain<IResponderGrain>(workers[0].Id).SetDuty(true, "w");
        // The control: a colleague of the same community after both; their change follows the same path, after any second count.
        await Grains.GetGrain<IResponderGrain>(workers[1].Id).SetDuty(true, "w");

        await Eventually.True(async () => (await City()).Totals.SocialWorkersOnDuty >= 2, "the colleague's change reached the city");
        Assert.Equal(2, (await City()).Totals.SocialWorkersOnDuty);
    }

    [Fact]
    public async Task An_unregistered_responder_is_not_found()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Grains.GetGrain<IResponderGrain>("500103001001-VO99x").SetDuty(true, "w"));
    }

    private Task<RegionLiveStatus> City() => Grains.GetGrain<IRegionGrain>(ChongqingDistricts.CityCode).GetStatus();

    /// <summary>The city's and every district's totals equal a count of the responders' own states.</summary>
    private async Task<bool> Agrees(IReadOnlyList<string> responders)
    {
        var states = await Task.WhenAll(responders.Select(id => Grains.GetGrain<IResponderGrain>(id).GetStatus()));
        var onDuty = states.Where(s => s.OnDuty).ToList();
        if (!Same(await City(), onDuty)) return false;
        foreach (var district in Catalog.Districts)
        {
            var status = await Grains.GetGrain<IRegionGrain>(district.Code).GetStatus();
            if (!Same(status, onDuty.Where(s => s.HomeCommunity.StartsWith(district.Code, StringComparison.Ordinal)).ToList())) return false;
        }
        return true;
    }

    private static bool Same(RegionLiveStatus region, IReadOnlyList<ResponderStatus> onDuty) =>
        region.Totals.GridWorkersOnDuty == onDuty.Count(s => s.Role == ResponderRole.GridWorker)
        && region.Totals.VolunteersOnDuty == onDuty.Count(s => s.Role == ResponderRole.Volunteer)
        && region.Totals.SocialWorkersOnDuty == onDuty.Count(s => s.Role == ResponderRole.SocialWorker)
        && region.Totals.PropertyStaffOnDuty == onDuty.Count(s => s.Role == ResponderRole.PropertyStaff);
}
