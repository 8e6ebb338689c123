using Orleans.Storage;
using System.Text;
using ThreeSocial.Storage;
using ThreeSocial.Journal;
using ThreeSocial.Tests.Support;
using ThreeSocial.TestGrains;
using Xunit;

namespace ThreeSocial.Tests.Journal;

[Trait("Category", TestCategory.Grain)]
public sealed class JournalTests : RuntimeTest
{
    private const int ManyEvents = LogJournal<TallyState, Added>.SnapshotEvery * 2 + 37;

    [Fact]
    public async Task Events_survive_a_restart_and_rebuild_the_state_from_snapshot_and_tail()
    {
        var key = Keys.New();
        var grain = Grains.GetGrain<IJournalProbeGrain>(key);
        for (var i = 1; i <= ManyEvents; i++) await grain.Add([i]);

        await RestartAsync();

        Assert.Equal((ManyEvents * (ManyEvents + 1) / 2, ManyEvents, (long)ManyEvents), await Grains.GetGrain<IJournalProbeGrain>(key).View());
        var snapshot = await Silo.Storage.ReadAsync("tally.snapshot", new GrainKey("journalprobe", key));
        Assert.NotNull(snapshot); // the replay above started from it, not from event 1
        Assert.Contains($"\"length\":{LogJournal<TallyState, Added>.SnapshotEvery * 2}", Encoding.UTF8.GetString(snapshot!.Data));
    }

    [Fact]
    public async Task Without_its_snapshot_the_state_is_rebuilt_from_the_whole_log()
    {
        var key = Keys.New();
        var grain = Grains.GetGrain<IJournalProbeGrain>(key);
        for (var i = 1; i <= ManyEvents; i++) await grain.Add([1]);
        await RestartAsync();
        var id = new GrainKey("journalprobe", key);
        await Silo.Storage.ClearAsync("tally.snapshot", id, (await Silo.Storage.ReadAsync("tally.snapshot", id))!.ETag);

        Assert.Equal((ManyEvents, ManyEvents, (long)ManyEvents), await Grains.GetGrain<IJournalProbeGrain>(key).View());
    }

    [Fact]
    public async Task A_snapshot_of_an_older_state_shape_is_replayed_past_and_then_replaced()
    {
        var key = Keys.New();
        var grain = Grains.GetGrain<IJournalProbeGrain>(key);
        for (var i = 1; i <= ManyEvents; i++) await grain.Add([1]);
        await RestartAsync();
        var id = new GrainKey("journalprobe", key);
        var stored = (await Silo.Storage.ReadAsync("tally.snapshot", id))!;
        // As a release that changed the state's shape finds it: a field that no longer reads as the state's type.
        await Silo.Storage.WriteAsync("tally.snapshot", id, Encoding.UTF8.GetBytes("""{"length":256,"state":{"total":"a string now"}}"""), stored.ETag);

        var upgraded = Grains.GetGrain<IJournalProbeGrain>(key);
        Assert.Equal((ManyEvents, ManyEvents, (long)ManyEvents), await upgraded.View());
        for (var i = 0; i < LogJournal<TallyState, Added>.SnapshotEvery; i++) await upgraded.Add([1]);
        Assert.DoesNotContain("a string now", Encoding.UTF8.GetString((await Silo.Storage.ReadAsync("tally.snapshot", id))!.Data), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_are_read_back_in_order_in_pages()
    {
        var grain = Grains.GetGrain<IJournalProbeGrain>(Keys.New());
        await grain.Add([1, 2, 3]);
        await grain.Add([4, 5]);

        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, (await grain.History(0, 100)).ToArray());
        Assert.Equal(new[] { 3, 4 }, (await grain.History(2, 2)).ToArray());
    }

    [Fact]
    public async Task An_event_the_state_refuses_is_not_stored_and_changes_nothing()
    {
        var key = Keys.New();
        var grain = Grains.GetGrain<IJournalProbeGrain>(key);
        await grain.Add([5]);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.Add([1, -10]));

        Assert.Equal((5, 1, 1L), await grain.View());
        Assert.Single(await Silo.Storage.ReadLogAsync("tally", new GrainKey("journalprobe", key), 0, 100));
    }

    [Fact]
    public async Task An_append_behind_another_writer_is_refused_and_the_next_activation_sees_both()
    {
        var key = Keys.New();
        var grain = Grains.GetGrain<IJournalProbeGrain>(key);
        await grain.Add([1]);
        var first = await grain.GetActivationId();
        await Silo.Storage.AppendAsync("tally", new GrainKey("journalprobe", key), 1, [Encoding.UTF8.GetBytes("""{"amount":100}""")]);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Add([7]));

        await Eventually.True(async () => await grain.GetActivationId() != first, "the conflicted activation is replaced");
        Assert.Equal((101, 2, 2L), await grain.View());
    }
}
