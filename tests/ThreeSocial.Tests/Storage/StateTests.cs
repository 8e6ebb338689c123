using ThreeSocial.Storage;
using Orleans.Storage;
using System.Text;
using ThreeSocial.Grains.Counters;
using ThreeSocial.Tests.Support;
using ThreeSocial.TestGrains;
using Xunit;

namespace ThreeSocial.Tests.Storage;

public sealed class StateTests : RuntimeTest
{
    [Fact] // guarantee 11
    public async Task A_missing_record_reads_as_not_existing_with_null_etag_and_a_new_state()
    {
        var view = await Grains.GetGrain<IProbeGrain>(Keys.New()).View();

        Assert.Equal(new StateView(false, null, false, null, 0), view);
    }

    [Fact] // guarantee 12
    public async Task Every_write_and_clear_changes_the_etag()
    {
        var grain = Grains.GetGrain<IProbeGrain>(Keys.New());
        var seen = new List<string?>();

        await grain.SetNote("one");
        seen.Add((await grain.View()).Etag);
        await grain.SetNote("two");
        seen.Add((await grain.View()).Etag);
        await grain.ClearState();
        seen.Add((await grain.View()).Etag);
        await grain.SetNote("three");
        seen.Add((await grain.View()).Etag);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Null(seen[2]);
    }

    [Fact] // guarantee 13
    public async Task A_stale_etag_throws_leaves_storage_unchanged_and_deactivates_only_that_activation()
    {
        var key = Keys.New();
        var grain = Grains.GetGrain<IProbeGrain>(key);
        var bystander = Grains.GetGrain<IProbeGrain>(Keys.New());
        await grain.SetNote("mine");
        var bystanderActivation = await bystander.GetActivationId();
        var first = await grain.GetActivationId();
        var id = new GrainKey("probe", key);
        var current = await Silo.Storage.ReadAsync("probe", id);
        await Silo.Storage.WriteAsync("probe", id, Encoding.UTF8.GetBytes("""{"note":"someone else","number":99}"""), current!.ETag);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.SetNote("stale write"));

        Assert.Contains("someone else", Encoding.UTF8.GetString((await Silo.Storage.ReadAsync("probe", id))!.Data));
        await Eventually.True(async () => await grain.GetActivationId() != first, "the conflicted activation is replaced");
        Assert.Equal("someone else", (await grain.View()).Note);
        Assert.Equal(bystanderActivation, await bystander.GetActivationId());
    }

    [Fact] // guarantee 14
    public async Task Clear_sets_record_exists_false_and_resets_state_to_new_never_null()
    {
        var grain = Grains.GetGrain<IProbeGrain>(Keys.New());
        await grain.SetNote("to be cleared");

        await grain.ClearState();

        Assert.Equal(new StateView(false, null, false, null, 0), await grain.View());
    }

    [Fact] // guarantee 15 (graceful restart; the kill -9 case is CrashTests)
    public async Task Acknowledged_state_survives_a_restart()
    {
        var keys = Enumerable.Range(0, 50).Select(_ => Keys.New("c")).ToList();
        foreach (var key in keys)
        {
            var counter = Grains.GetGrain<ICounterGrain>(key);
            await counter.Increment();
            await counter.Increment();
        }

        await RestartAsync();

        foreach (var key in keys) Assert.Equal(2, await Grains.GetGrain<ICounterGrain>(key).Get());
    }
}
