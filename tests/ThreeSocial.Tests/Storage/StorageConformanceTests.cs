using Orleans.Storage;
using System.Text;
using ThreeSocial.Storage;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Storage;

/// <summary>
/// What our own store (the SQLite file under Orleans' grain storage, reminder table and journals) must do, byte for
/// byte. Orleans' contracts on every provider, ours and Orleans' own, are <see cref="ProviderConformanceTests"/>.
/// </summary>
public abstract class StorageConformanceTests : IAsyncLifetime
{
    protected ThreeSocial.Storage.Sqlite.SqliteGrainStorage Storage = null!;
    protected IReminderStore Reminders = null!;

    /// <summary>A store on fresh, empty, real backing storage.</summary>
    protected abstract Task<(ThreeSocial.Storage.Sqlite.SqliteGrainStorage, IReminderStore)> OpenAsync();

    /// <summary>Closes the store and opens it again on the same backing storage.</summary>
    protected abstract Task<(ThreeSocial.Storage.Sqlite.SqliteGrainStorage, IReminderStore)> ReopenAsync();

    public async Task InitializeAsync() => (Storage, Reminders) = await OpenAsync();

    public abstract Task DisposeAsync();

    private static GrainKey NewId() => new("conformance", Keys.New());

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Reading_a_missing_record_gives_null()
    {
        Assert.Null(await Storage.ReadAsync("state", NewId()));
    }

    [Fact]
    public async Task A_write_is_read_back_with_the_etag_it_returned()
    {
        var id = NewId();
        var etag = await Storage.WriteAsync("state", id, Json("{\"v\":1}"), null);

        var stored = await Storage.ReadAsync("state", id);

        Assert.Equal("{\"v\":1}", Encoding.UTF8.GetString(stored!.Data));
        Assert.Equal(etag, stored.ETag);
    }

    [Fact]
    public async Task Every_write_changes_the_etag()
    {
        var id = NewId();
        var etags = new List<string> { await Storage.WriteAsync("state", id, Json("{}"), null) };
        for (var i = 0; i < 5; i++) etags.Add(await Storage.WriteAsync("state", id, Json($"{{\"v\":{i}}}"), etags[^1]));

        Assert.Equal(etags.Count, etags.Distinct().Count());
    }

    [Fact]
    public async Task A_stale_etag_is_rejected_and_storage_is_unchanged()
    {
        var id = NewId();
        var first = await Storage.WriteAsync("state", id, Json("{\"v\":1}"), null);
        var second = await Storage.WriteAsync("state", id, Json("{\"v\":2}"), first);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync("state", id, Json("{\"v\":3}"), first));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearAsync("state", id, first));

        var stored = await Storage.ReadAsync("state", id);
        Assert.Equal("{\"v\":2}", Encoding.UTF8.GetString(stored!.Data));
        Assert.Equal(second, stored.ETag);
        Assert.Equal(second, error.StoredEtag);
    }

    [Fact]
    public async Task A_null_etag_over_an_existing_record_is_rejected()
    {
        var id = NewId();
        await Storage.WriteAsync("state", id, Json("{\"v\":1}"), null);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync("state", id, Json("{\"v\":2}"), null));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearAsync("state", id, null));
        Assert.Equal("{\"v\":1}", Encoding.UTF8.GetString((await Storage.ReadAsync("state", id))!.Data));
    }

    [Fact]
    public async Task An_etag_for_a_record_that_does_not_exist_is_rejected()
    {
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync("state", NewId(), Json("{}"), "12345"));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync("state", NewId(), Json("{}"), "not-an-etag"));
    }

    [Fact]
    public async Task Clear_removes_the_record_and_a_new_write_starts_from_no_etag()
    {
        var id = NewId();
        var etag = await Storage.WriteAsync("state", id, Json("{\"v\":1}"), null);

        await Storage.ClearAsync("state", id, etag);

        Assert.Null(await Storage.ReadAsync("state", id));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync("state", id, Json("{}"), etag));
        Assert.NotEqual(etag, await Storage.WriteAsync("state", id, Json("{\"v\":2}"), null));
    }

    [Fact]
    public async Task Clearing_a_missing_record_without_an_etag_is_a_no_op()
    {
        var id = NewId();
        await Storage.ClearAsync("state", id, null);
        Assert.Null(await Storage.ReadAsync("state", id));
    }

    [Fact]
    public async Task States_of_one_grain_under_different_names_are_independent()
    {
        var id = NewId();
        await Storage.WriteAsync("a", id, Json("{\"a\":1}"), null);
        await Storage.WriteAsync("b", id, Json("{\"b\":1}"), null);

        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString((await Storage.ReadAsync("a", id))!.Data));
        Assert.Equal("{\"b\":1}", Encoding.UTF8.GetString((await Storage.ReadAsync("b", id))!.Data));
    }

    [Fact]
    public async Task Concurrent_writes_to_many_grains_are_all_durable_after_reopening()
    {
        var ids = Enumerable.Range(0, 2000).Select(_ => NewId()).ToList();
        var etags = await Task.WhenAll(ids.Select(id => Storage.WriteAsync("state", id, Json($"{{\"id\":\"{id.Key}\"}}"), null)));

        (Storage, Reminders) = await ReopenAsync();

        for (var i = 0; i < ids.Count; i++)
        {
            var stored = await Storage.ReadAsync("state", ids[i]);
            Assert.Equal(etags[i], stored!.ETag);
            Assert.Contains(ids[i].Key, Encoding.UTF8.GetString(stored.Data));
        }
    }

    [Fact]
    public async Task Reminders_are_stored_updated_and_removed()
    {
        var id = NewId();
        var due = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 60_000);
        await Reminders.UpsertAsync(new ReminderRow(id, "once", due, TimeSpan.Zero));
        await Reminders.UpsertAsync(new ReminderRow(id, "every", due, TimeSpan.FromMinutes(5)));
        await Reminders.UpsertAsync(new ReminderRow(id, "every", due.AddMinutes(5), TimeSpan.FromMinutes(5)));

        (Storage, Reminders) = await ReopenAsync();
        var mine = (await Reminders.ReadAllAsync()).Where(r => r.GrainKey == id).OrderBy(r => r.Name).ToList();

        Assert.Equal([new ReminderRow(id, "every", due.AddMinutes(5), TimeSpan.FromMinutes(5)), new ReminderRow(id, "once", due, TimeSpan.Zero)], mine);
        await Reminders.RemoveAsync(id, "once");
        Assert.DoesNotContain(await Reminders.ReadAllAsync(), r => r.GrainKey == id && r.Name == "once");
    }

    private static byte[][] Entries(params string[] texts) => [.. texts.Select(Json)];

    private static string[] Texts(IEnumerable<byte[]> entries) => [.. entries.Select(Encoding.UTF8.GetString)];

    [Fact]
    public async Task Log_entries_are_appended_in_order_and_read_back_in_pages()
    {
        var id = NewId();
        await Storage.AppendAsync("log", id, 0, Entries("1", "2", "3"));
        await Storage.AppendAsync("log", id, 3, Entries("4"));

        Assert.Equal(["1", "2", "3", "4"], Texts(await Storage.ReadLogAsync("log", id, 0, 100)));
        Assert.Equal(["2", "3"], Texts(await Storage.ReadLogAsync("log", id, 1, 2)));
        Assert.Empty(await Storage.ReadLogAsync("log", id, 4, 100));
        Assert.Empty(await Storage.ReadLogAsync("log", NewId(), 0, 100));
    }

    [Theory]
    [InlineData(1)] // behind: someone else appended
    [InlineData(3)] // ahead: would leave a gap
    public async Task An_append_at_the_wrong_length_is_rejected_and_appends_nothing(long expectedLength)
    {
        var id = NewId();
        await Storage.AppendAsync("log", id, 0, Entries("1", "2"));

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.AppendAsync("log", id, expectedLength, Entries("x", "y")));

        Assert.Equal(["1", "2"], Texts(await Storage.ReadLogAsync("log", id, 0, 100)));
    }

    [Fact]
    public async Task Logs_are_separate_from_states_and_from_each_other()
    {
        var id = NewId();
        await Storage.AppendAsync("a", id, 0, Entries("a1"));
        await Storage.AppendAsync("b", id, 0, Entries("b1", "b2"));
        await Storage.WriteAsync("a", id, Json("{}"), null);

        Assert.Equal(["a1"], Texts(await Storage.ReadLogAsync("a", id, 0, 100)));
        Assert.Equal(["b1", "b2"], Texts(await Storage.ReadLogAsync("b", id, 0, 100)));
    }

    [Fact]
    public async Task Concurrent_appends_to_many_logs_are_all_durable_after_reopening()
    {
        var ids = Enumerable.Range(0, 500).Select(_ => NewId()).ToList();
        for (var round = 0; round < 4; round++)
            await Task.WhenAll(ids.Select(id => Storage.AppendAsync("log", id, round, Entries($"{id.Key}-{round}"))));

        (Storage, Reminders) = await ReopenAsync();

        foreach (var id in ids)
            Assert.Equal(Enumerable.Range(0, 4).Select(r => $"{id.Key}-{r}"), Texts(await Storage.ReadLogAsync("log", id, 0, 100)));
    }

    // ---- Orleans' contracts over the store: IGrainStorage and IReminderTable ----

    private sealed record Note(string Text, int Number)
    {
        public Note() : this("", 0) { }
    }

    [Fact]
    public async Task As_Orleans_grain_storage_writes_read_back_with_their_etag_and_a_stale_etag_changes_nothing()
    {
        var orleans = new StoreGrainStorage(Storage);
        var id = GrainId.Create("conformance", Keys.New());
        var mine = new GrainState<Note>(new Note("first", 1));
        await orleans.WriteStateAsync("note", id, mine);
        var theirs = new GrainState<Note>(new Note("", 0));
        await orleans.ReadStateAsync("note", id, theirs);
        Assert.Equal((true, mine.ETag, new Note("first", 1)), (theirs.RecordExists, theirs.ETag, theirs.State));

        theirs.State = new Note("theirs", 2);
        await orleans.WriteStateAsync("note", id, theirs);
        mine.State = new Note("stale", 3);
        await Assert.ThrowsAsync<InconsistentStateException>(() => orleans.WriteStateAsync("note", id, mine));

        var read = new GrainState<Note>(new Note("", 0));
        await orleans.ReadStateAsync("note", id, read);
        Assert.Equal(new Note("theirs", 2), read.State);
        await orleans.ClearStateAsync("note", id, read);
        Assert.Equal(new Note(), read.State); // cleared: a new state, never null
        var cleared = new GrainState<Note>(new Note("left over", 9));
        await orleans.ReadStateAsync("note", id, cleared);
        Assert.Equal((false, (string?)null, new Note()), (cleared.RecordExists, cleared.ETag, cleared.State));
    }

    [Fact]
    public async Task As_Orleans_reminder_table_rows_are_found_by_grain_and_by_ring_range_and_removed_only_with_their_etag()
    {
        var table = new StoreReminderTable(Reminders);
        var start = new DateTime(2026, 11, 27, 8, 0, 0, DateTimeKind.Utc);
        var grains = Enumerable.Range(0, 40).Select(_ => GrainId.Create("conformance", Keys.New())).ToList();
        var etags = new Dictionary<GrainId, string>();
        foreach (var g in grains)
            etags[g] = (await table.UpsertRow(new ReminderEntry { GrainId = g, ReminderName = "deadline", StartAt = start, Period = TimeSpan.FromMinutes(1) }))!;
        await table.UpsertRow(new ReminderEntry { GrainId = grains[0], ReminderName = "watch", StartAt = start, Period = TimeSpan.FromMinutes(5) });

        var ofFirst = (await table.ReadRows(grains[0])).Reminders;
        Assert.Equal(["deadline", "watch"], ofFirst.Select(r => r.ReminderName).Order());
        var row = (await table.ReadRow(grains[1], "deadline"))!;
        Assert.Equal((start, TimeSpan.FromMinutes(1), etags[grains[1]]), (row.StartAt, row.Period, row.ETag));

        // Two halves of the ring, (a, b] and (b, a], hold every row exactly once, each where its hash says.
        var ours = grains.ToHashSet();
        var split = grains[7].GetUniformHashCode();
        var low = (await table.ReadRows(split, split + 0x8000_0000u)).Reminders.Where(r => ours.Contains(r.GrainId)).ToList();
        var high = (await table.ReadRows(split + 0x8000_0000u, split)).Reminders.Where(r => ours.Contains(r.GrainId)).ToList();
        Assert.Equal(41, low.Count + high.Count);
        Assert.All(low, r => Assert.True(StoreReminderTable.InRange(r.GrainId.GetUniformHashCode(), split, split + 0x8000_0000u)));
        Assert.Contains(high, r => r.GrainId == grains[7]); // (x, y] excludes x itself
        Assert.Equal(41, (await table.ReadRows(split, split)).Reminders.Count(r => ours.Contains(r.GrainId))); // begin == end: the whole ring

        await table.UpsertRow(new ReminderEntry { GrainId = grains[2], ReminderName = "deadline", StartAt = start.AddHours(1), Period = TimeSpan.FromMinutes(1) });
        Assert.False(await table.RemoveRow(grains[2], "deadline", etags[grains[2]])); // re-registered since: left alone
        Assert.NotNull(await table.ReadRow(grains[2], "deadline"));
        Assert.True(await table.RemoveRow(grains[3], "deadline", etags[grains[3]]));
        Assert.Null(await table.ReadRow(grains[3], "deadline"));
        Assert.False(await table.RemoveRow(grains[3], "deadline", etags[grains[3]]));
    }
}
