using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using ThreeSocial.Journal;
using ThreeSocial.Storage;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Storage;

/// <summary>
/// What every storage provider the silo can run on must do, through the interfaces Orleans and our journals call: grain
/// storage (IGrainStorage), the reminder table (IReminderTable) and the journal's log store. Each provider's class
/// supplies settings; the stores come from a real silo started with them (SQLite ours, PostgreSQL and Azure Storage
/// Orleans' own, on real servers), and "reopening" is a new silo on the same storage.
/// </summary>
public abstract class ProviderConformanceTests : IAsyncLifetime
{
    private IReadOnlyDictionary<string, string?> _settings = null!;
    private TestSilo _silo = null!;

    protected IGrainStorage States => _silo.Services.GetRequiredKeyedService<IGrainStorage>("Default");
    protected IReminderTable Reminders => _silo.Reminders;
    protected ILogStore Logs => _silo.Services.GetRequiredService<ILogStore>();

    /// <summary>Silo settings that put it on fresh, empty, real storage of this provider.</summary>
    protected abstract Task<IReadOnlyDictionary<string, string?>> NewStorageAsync();

    public async Task InitializeAsync()
    {
        _settings = await NewStorageAsync();
        _silo = await TestSilo.StartAsync(_settings);
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private async Task ReopenAsync()
    {
        await _silo.DisposeAsync();
        _silo = await TestSilo.StartAsync(_settings);
    }

    public sealed record Note(string Text, int Number)
    {
        public Note() : this("", 0) { }
    }

    private static GrainId NewId() => GrainId.Create("conformance", Keys.New());

    private async Task<GrainState<Note>> ReadAsync(GrainId id, string name = "note")
    {
        var state = new GrainState<Note>(new Note("left over", -1));
        await States.ReadStateAsync(name, id, state);
        return state;
    }

    private async Task<GrainState<Note>> WriteAsync(GrainId id, Note note, string? etag = null, string name = "note")
    {
        var state = new GrainState<Note>(note) { ETag = etag };
        await States.WriteStateAsync(name, id, state);
        return state;
    }

    // ---- grain state ----

    [Fact]
    public async Task A_missing_record_reads_as_a_new_state_that_does_not_exist_with_no_etag()
    {
        var read = await ReadAsync(NewId());

        Assert.Equal((false, (string?)null, new Note()), (read.RecordExists, read.ETag, read.State));
    }

    [Fact]
    public async Task A_write_is_read_back_with_the_etag_it_returned()
    {
        var id = NewId();
        var written = await WriteAsync(id, new Note("first", 1));

        var read = await ReadAsync(id);

        Assert.NotNull(written.ETag);
        Assert.Equal((true, written.ETag, new Note("first", 1)), (read.RecordExists, read.ETag, read.State));
    }

    [Fact]
    public async Task Every_write_changes_the_etag()
    {
        var id = NewId();
        var state = await WriteAsync(id, new Note("0", 0));
        var etags = new List<string?> { state.ETag };
        for (var i = 1; i <= 5; i++)
        {
            state.State = new Note($"{i}", i);
            await States.WriteStateAsync("note", id, state);
            etags.Add(state.ETag);
        }

        Assert.DoesNotContain(null, etags);
        Assert.Equal(etags.Count, etags.Distinct().Count());
    }

    [Fact]
    public async Task A_stale_etag_is_refused_and_the_stored_state_is_unchanged()
    {
        var id = NewId();
        var mine = await WriteAsync(id, new Note("mine", 1));
        var theirs = await ReadAsync(id);
        theirs.State = new Note("theirs", 2);
        await States.WriteStateAsync("note", id, theirs);

        mine.State = new Note("stale", 3);
        await Assert.ThrowsAsync<InconsistentStateException>(() => States.WriteStateAsync("note", id, mine));
        await Assert.ThrowsAsync<InconsistentStateException>(() => States.ClearStateAsync("note", id, new GrainState<Note>(new Note()) { ETag = mine.ETag == theirs.ETag ? null : mine.ETag }));

        var read = await ReadAsync(id);
        Assert.Equal((new Note("theirs", 2), theirs.ETag), (read.State, read.ETag));
    }

    [Fact]
    public async Task A_write_without_an_etag_over_an_existing_record_is_refused()
    {
        var id = NewId();
        await WriteAsync(id, new Note("first", 1));

        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(id, new Note("blind", 2)));

        Assert.Equal(new Note("first", 1), (await ReadAsync(id)).State);
    }

    [Fact]
    public async Task Clear_leaves_a_new_state_that_does_not_exist_and_the_old_etag_is_refused()
    {
        var id = NewId();
        var written = await WriteAsync(id, new Note("to be cleared", 1));
        var before = written.ETag;

        await States.ClearStateAsync("note", id, written);

        Assert.Equal((false, new Note()), (written.RecordExists, written.State));
        var read = await ReadAsync(id);
        Assert.Equal((false, new Note(), written.ETag), (read.RecordExists, read.State, read.ETag));
        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(id, new Note("stale", 2), before));
        read.State = new Note("again", 3);
        await States.WriteStateAsync("note", id, read); // the etag the read gave writes
        Assert.Equal(new Note("again", 3), (await ReadAsync(id)).State);
    }

    [Fact]
    public async Task Clearing_a_record_never_written_is_harmless()
    {
        var id = NewId();
        await States.ClearStateAsync("note", id, new GrainState<Note>(new Note()));

        Assert.False((await ReadAsync(id)).RecordExists);
    }

    [Fact]
    public async Task States_of_one_grain_under_different_names_are_independent()
    {
        var id = NewId();
        await WriteAsync(id, new Note("a", 1), name: "a");
        await WriteAsync(id, new Note("b", 2), name: "b");

        Assert.Equal((new Note("a", 1), new Note("b", 2)), ((await ReadAsync(id, "a")).State, (await ReadAsync(id, "b")).State));
        // Not asserted: grains of two types with the same key and state name. Orleans' ADO.NET storage keys a record by
        // state name and key only, so they would share it; GrainStateNamesTests holds every state name to one grain type.
    }

    [Fact]
    public async Task Concurrent_writes_to_many_grains_are_all_there_after_a_new_silo_starts()
    {
        var ids = Enumerable.Range(0, 300).Select(_ => NewId()).ToList();
        var written = await Task.WhenAll(ids.Select(id => WriteAsync(id, new Note(id.Key.ToString()!, 7))));

        await ReopenAsync();

        for (var i = 0; i < ids.Count; i++)
        {
            var read = await ReadAsync(ids[i]);
            Assert.Equal((written[i].ETag, new Note(ids[i].Key.ToString()!, 7)), (read.ETag, read.State));
        }
    }

    // ---- reminders ----

    [Fact]
    public async Task Reminders_are_found_by_grain_and_by_ring_range_updated_and_removed_only_with_their_etag()
    {
        var start = new DateTime(2026, 11, 27, 8, 0, 0, DateTimeKind.Utc);
        var grains = Enumerable.Range(0, 40).Select(_ => NewId()).ToList();
        var etags = new Dictionary<GrainId, string>();
        foreach (var g in grains)
            etags[g] = (await Reminders.UpsertRow(new ReminderEntry { GrainId = g, ReminderName = "deadline", StartAt = start, Period = TimeSpan.FromMinutes(1) }))!;
        await Reminders.UpsertRow(new ReminderEntry { GrainId = grains[0], ReminderName = "watch", StartAt = start, Period = TimeSpan.FromMinutes(5) });

        await ReopenAsync();

        Assert.Equal(["deadline", "watch"], (await Reminders.ReadRows(grains[0])).Reminders.Select(r => r.ReminderName).Order());
        var row = (await Reminders.ReadRow(grains[1], "deadline"))!;
        Assert.Equal((start, TimeSpan.FromMinutes(1), etags[grains[1]]), (row.StartAt.ToUniversalTime(), row.Period, row.ETag));

        // Two halves of the ring, (a, b] and (b, a], hold every row exactly once, each where its hash says.
        var ours = grains.ToHashSet();
        var split = grains[7].GetUniformHashCode();
        var low = (await Reminders.ReadRows(split, split + 0x8000_0000u)).Reminders.Where(r => ours.Contains(r.GrainId)).ToList();
        var high = (await Reminders.ReadRows(split + 0x8000_0000u, split)).Reminders.Where(r => ours.Contains(r.GrainId)).ToList();
        Assert.Equal(41, low.Count + high.Count);
        Assert.All(low, r => Assert.True(StoreReminderTable.InRange(r.GrainId.GetUniformHashCode(), split, split + 0x8000_0000u)));
        Assert.Contains(high, r => r.GrainId == grains[7]); // (x, y] excludes x itself

        await Reminders.UpsertRow(new ReminderEntry { GrainId = grains[2], ReminderName = "deadline", StartAt = start.AddHours(1), Period = TimeSpan.FromMinutes(1) });
        Assert.False(await Reminders.RemoveRow(grains[2], "deadline", etags[grains[2]])); // re-registered since: left alone
        Assert.Equal(start.AddHours(1), (await Reminders.ReadRow(grains[2], "deadline"))!.StartAt.ToUniversalTime());
        Assert.True(await Reminders.RemoveRow(grains[3], "deadline", etags[grains[3]]));
        Assert.Null(await Reminders.ReadRow(grains[3], "deadline"));
        Assert.False(await Reminders.RemoveRow(grains[3], "deadline", etags[grains[3]]));
    }

    // ---- journals ----

    private static GrainKey NewLogId() => new("conformance", Keys.New());

    private static byte[][] Entries(params string[] texts) => [.. texts.Select(Encoding.UTF8.GetBytes)];

    private static string[] Texts(IEnumerable<byte[]> entries) => [.. entries.Select(Encoding.UTF8.GetString)];

    [Fact]
    public async Task Log_entries_are_appended_in_order_and_read_back_in_pages()
    {
        var id = NewLogId();
        await Logs.AppendAsync("log", id, 0, Entries("1", "2", "3"));
        await Logs.AppendAsync("log", id, 3, Entries("4"));

        Assert.Equal(["1", "2", "3", "4"], Texts(await Logs.ReadLogAsync("log", id, 0, 100)));
        Assert.Equal(["2", "3"], Texts(await Logs.ReadLogAsync("log", id, 1, 2)));
        Assert.Empty(await Logs.ReadLogAsync("log", id, 4, 100));
        Assert.Empty(await Logs.ReadLogAsync("log", NewLogId(), 0, 100));
    }

    [Theory]
    [InlineData(1)] // behind: someone else appended
    [InlineData(3)] // ahead: would leave a gap
    public async Task An_append_at_the_wrong_length_is_refused_and_appends_nothing(long expectedLength)
    {
        var id = NewLogId();
        await Logs.AppendAsync("log", id, 0, Entries("1", "2"));

        await Assert.ThrowsAsync<InconsistentStateException>(() => Logs.AppendAsync("log", id, expectedLength, Entries("x", "y")));

        Assert.Equal(["1", "2"], Texts(await Logs.ReadLogAsync("log", id, 0, 100)));
    }

    [Fact]
    public async Task Two_writers_appending_at_the_same_length_one_wins_whole_and_the_other_appends_nothing()
    {
        var id = NewLogId();
        await Logs.AppendAsync("log", id, 0, Entries("0"));

        var results = await Task.WhenAll(
            Attempt(() => Logs.AppendAsync("log", id, 1, Entries("a1", "a2"))),
            Attempt(() => Logs.AppendAsync("log", id, 1, Entries("b1", "b2"))));

        Assert.Equal(1, results.Count(won => won));
        var log = Texts(await Logs.ReadLogAsync("log", id, 0, 100));
        Assert.True(log.SequenceEqual(["0", "a1", "a2"]) || log.SequenceEqual(["0", "b1", "b2"]), string.Join(",", log));
    }

    private static async Task<bool> Attempt(Func<Task> append)
    {
        try
        {
            await append();
            return true;
        }
        catch (InconsistentStateException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Logs_of_one_grain_are_separate_and_snapshots_are_guarded_by_their_etag()
    {
        var id = NewLogId();
        await Logs.AppendAsync("a", id, 0, Entries("a1"));
        await Logs.AppendAsync("b", id, 0, Entries("b1", "b2"));
        Assert.Null(await Logs.ReadSnapshotAsync("a", id));
        var first = await Logs.WriteSnapshotAsync("a", id, Entries("snap1")[0], null);
        var second = await Logs.WriteSnapshotAsync("a", id, Entries("snap2")[0], first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Logs.WriteSnapshotAsync("a", id, Entries("stale")[0], first));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Logs.WriteSnapshotAsync("a", id, Entries("blind")[0], null));

        Assert.Equal(["a1"], Texts(await Logs.ReadLogAsync("a", id, 0, 100)));
        Assert.Equal(["b1", "b2"], Texts(await Logs.ReadLogAsync("b", id, 0, 100)));
        var snapshot = await Logs.ReadSnapshotAsync("a", id);
        Assert.Equal(("snap2", second), (Encoding.UTF8.GetString(snapshot!.Data), snapshot.ETag));
        Assert.Null(await Logs.ReadSnapshotAsync("b", id));
    }

    [Fact]
    public async Task Concurrent_appends_to_many_logs_are_all_there_after_a_new_silo_starts()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => NewLogId()).ToList();
        for (var round = 0; round < 3; round++)
            await Task.WhenAll(ids.Select(id => Logs.AppendAsync("log", id, round, Entries($"{id.Key}-{round}"))));

        await ReopenAsync();

        foreach (var id in ids)
            Assert.Equal(Enumerable.Range(0, 3).Select(r => $"{id.Key}-{r}"), Texts(await Logs.ReadLogAsync("log", id, 0, 100)));
    }
}

[Trait("Category", TestCategory.Storage)]
public sealed class SqliteProviderConformanceTests : ProviderConformanceTests, IDisposable
{
    private readonly TempDirectory _temp = new();

    protected override Task<IReadOnlyDictionary<string, string?>> NewStorageAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:Sqlite:Path"] = _temp.File("conformance.db"),
        });

    public void Dispose() => _temp.Dispose();
}
