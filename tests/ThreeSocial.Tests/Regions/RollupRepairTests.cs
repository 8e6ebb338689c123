using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Responders;
using ThreeSocial.Storage;
using ThreeSocial.Storage.Sqlite;
using ThreeSocial.Silo.Rollups;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Regions;

[Trait("Category", TestCategory.Grain)]
public sealed class RollupRepairTests : RuntimeTest
{
    private static readonly Lazy<RegionCatalog> SmallCity = new(() =>
        TestCities.Small(9, new CityScale(Streets: 4, UrbanCommunities: 10, Villages: 10), "500103"));

    private static RegionCatalog Catalog => SmallCity.Value;

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton(Catalog).AddRollupRepair();

    [Fact]
    public async Task After_an_unclean_shutdown_a_report_lost_between_write_and_send_reaches_the_street()
    {
        var volunteer = Catalog.City.Responders.First(r => r.Role == ResponderRole.Volunteer);
        var street = RegionCode.Parse(volunteer.HomeCommunity).Street.ToString();
        await Grains.GetGrain<IResponderGrain>(volunteer.Id).SetDuty(true, "w");
        await Eventually.True(async () => (await Street(street)).VolunteersOnDuty == 1, "the volunteer reaches the street");

        // As if the process died after the community stored the change and before its report reached the street.
        await Silo.DisposeAsync();
        await Tamper(store => ForgetChildren(store, street));
        Silo = await StartRepairedAsync();
        Assert.Equal(0, (await Street(street)).VolunteersOnDuty); // a clean last run: no repair, the loss stays

        await Silo.DisposeAsync();
        var marker = GrainKey.Of(RollupRepair.MarkerId());
        await Tamper(store => store.WriteAsync(RollupRepair.MarkerState, marker,
            JsonSerializer.SerializeToUtf8Bytes(new RunMarker(false, DateTimeOffset.UtcNow), GrainStateJson.Options),
            store.ReadAsync(RollupRepair.MarkerState, marker).Result!.ETag));
        Silo = await StartRepairedAsync();

        await Eventually.True(async () => (await Street(street)).VolunteersOnDuty == 1, "the repair re-reports the community");
        await Eventually.True(async () => (await Grains.GetGrain<IRegionGrain>(ChongqingDistricts.CityCode).GetStatus()).Totals.VolunteersOnDuty == 1,
            "and the city agrees");
    }

    private async Task<TestSilo> StartRepairedAsync()
    {
        var silo = await TestSilo.StartAsync(DatabasePath, Configure, services: ConfigureServices);
        await silo.Services.GetRequiredService<RollupRepair>().Completed;
        return silo;
    }

    private async Task<RollupTotals> Street(string code) => (await Grains.GetGrain<IRegionGrain>(code).GetStatus()).Totals;

    private async Task Tamper(Func<SqliteGrainStorage, Task> change)
    {
        using var store = new SqliteGrainStorage(new SqliteStorageOptions { Path = DatabasePath });
        await change(store);
    }

    private static async Task ForgetChildren(SqliteGrainStorage store, string street)
    {
        var id = new GrainKey("region", street);
        var stored = (await store.ReadAsync("region", id))!;
        var state = JsonSerializer.Deserialize<RegionState>(stored.Data, GrainStateJson.Options)!;
        var forgotten = new RegionState { Version = state.Version + 1 };
        await store.WriteAsync("region", id, JsonSerializer.SerializeToUtf8Bytes(forgotten, GrainStateJson.Options), stored.ETag);
    }
}
