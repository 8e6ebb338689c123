using ThreeSocial.Grains.Common;
using ThreeSocial.Clocks;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using ThreeSocial.Events;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Storage;
using ThreeSocial.Storage.Hosting;
using ThreeSocial.Storage.Sqlite;
using ThreeSocial.Tests.Support;
using ThreeSocial.TestGrains;
using Xunit;

namespace ThreeSocial.Tests.Cluster;

/// <summary>
/// Two Orleans silos (Orleans.TestingHost's in-process cluster) over one SQLite store: what placement across silos must
/// keep true. The store instance is shared, as machines share a database: one writer per file keeps group commit whole.
/// </summary>
[Trait("Category", TestCategory.Cluster)]
public sealed class TwoSiloTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private SqliteGrainStorage _store = null!;
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteGrainStorage(new SqliteStorageOptions { Path = _temp.File("cluster.db") });
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSiloHost((_, host) =>
        {
            // Instances, not factories: the container of a stopped silo must not dispose the store the other still uses.
            host.Services.AddSingleton(_store).AddSingleton<IStateStore>(_store).AddSingleton<IReminderStore>(_store);
            host.Services.AddEventStream();
            host.Services.AddReferenceData();
            host.Services.AddGrainClock(TimeProvider.System);
        });
        builder.ConfigureSilo((_, silo) => silo.UseStore());
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    /// <summary>After <see cref="DisposeAsync"/> (xUnit calls it first): the store outlives the silos that use it.</summary>
    public void Dispose()
    {
        _store.Dispose();
        _temp.Dispose();
    }

    private IGrainFactory FactoryOf(int silo) => _cluster.GetSiloServiceProvider(_cluster.Silos[silo].SiloAddress).GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Concurrent_calls_from_both_silos_reach_one_activation_per_grain()
    {
        await _cluster.WaitForLivenessToStabilizeAsync(); // each silo places on both only once it sees the other active
        var keys = Enumerable.Range(0, 40).Select(_ => Keys.New("p")).ToList();
        var calls = keys.SelectMany(key => Enumerable.Range(0, 20).Select(async n =>
        {
            var grain = FactoryOf(n % 2).GetGrain<IProbeGrain>(key);
            return (Key: key, Activation: await grain.GetActivationId(), Silo: await grain.GetSilo());
        }));

        var answers = await Task.WhenAll(calls);

        Assert.All(answers.GroupBy(a => a.Key), g => Assert.Single(g.Select(a => a.Activation).Distinct()));
        // Both silos host some of them: the duplicate activation this rules out had its chance on either side.
        Assert.Equal(2, answers.Select(a => a.Silo).Distinct().Count());
    }

    [Fact]
    public async Task What_a_grain_publishes_on_one_silo_reaches_the_event_stream_of_the_other_once()
    {
        EventStream StreamOf(int silo) => _cluster.GetSiloServiceProvider(_cluster.Silos[silo].SiloAddress).GetRequiredService<EventStream>();
        using var there = StreamOf(0).Subscribe("test", filter: e => e.Payload is RegionStatusChanged);
        using var here = StreamOf(1).Subscribe("test", filter: e => e.Payload is RegionStatusChanged);
        var change = new RegionStatusChanged(new LiveRegion("500103", 7, new RollupTotals { MealsBookedToday = 3 }));
        var heardHere = new List<StreamEvent>();
        async Task SiloOneHears(RegionStatusChanged fromSiloZero, string what) => await Eventually.True(() =>
        {
            StreamOf(0).Publish(fromSiloZero); // again until heard: a relay drops what it reads before it knows a peer
            while (here.Reader.TryRead(out var e)) heardHere.Add(e);
            return Task.FromResult(heardHere.Any(e => e.Relayed && e.Payload.Equals(fromSiloZero)));
        }, what, 30_000);

        // First silo 0's relay knows silo 1's (so an echo would not be dropped for want of a peer)...
        await SiloOneHears(new RegionStatusChanged(new LiveRegion("500106", 8, new RollupTotals { MealsBookedToday = 4 })), "silo 1 hears silo 0");
        // ...then, published as a grain on silo 1 publishes, the change reaches silo 0...
        await Eventually.True(() =>
        {
            StreamOf(1).Publish(change);
            return Task.FromResult(there.Reader.TryRead(out var e) && e.Relayed && e.Payload.Equals(change));
        }, "silo 0's stream hears silo 1's event", 30_000);
        // ...and the control: silo 0 publishes after it heard the change; an echo sent before this would have arrived first.
        await SiloOneHears(new RegionStatusChanged(new LiveRegion("500106", 9, new RollupTotals { MealsBookedToday = 5 })), "silo 1 hears silo 0 after the change");

        Assert.Contains(heardHere, e => !e.Relayed && e.Payload.Equals(change)); // its own
        Assert.DoesNotContain(heardHere, e => e.Relayed && e.Payload.Equals(change)); // never its own relayed back
    }

    [Fact]
    public async Task State_written_on_one_silo_is_read_on_the_other_after_the_first_stops()
    {
        var keys = Enumerable.Range(0, 20).Select(_ => Keys.New("s")).ToList();
        foreach (var key in keys) await _cluster.Client.GetGrain<IProbeGrain>(key).SetNote("written before the stop");
        var first = _cluster.Silos[1];
        var hosted = new List<string>();
        foreach (var key in keys)
            if (await _cluster.Client.GetGrain<IProbeGrain>(key).GetSilo() == first.SiloAddress.ToString()) hosted.Add(key);
        Assert.NotEmpty(hosted); // some lived on the silo about to stop

        await _cluster.StopSiloAsync(first);

        var survivor = FactoryOf(0);
        foreach (var key in hosted)
        {
            var grain = survivor.GetGrain<IProbeGrain>(key);
            Assert.Equal((_cluster.Silos[0].SiloAddress.ToString(), "written before the stop", 1),
                (await grain.GetSilo(), (await grain.View()).Note, (await grain.View()).Number));
        }
    }
}
