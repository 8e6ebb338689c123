using Orleans.Storage;
using System.Text;
using ThreeSocial.Storage;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Storage;

/// <summary>
/// What our own store (the SQLite file under Orleans' grain storage, reminder table and journals) must do, byte for
/// byte. Orleans' contracts on every provider, ours and Orleans' own, the journal's logs and the reminder table's ring
/// ranges among them, are <see cref="ProviderConformanceTests"/> (SqliteProviderConformanceTests for this store).
/// </summary>
public abstract class StorageConformanceTests : IAsyncLifetime
{
    protected ThreeSocial.Storage.Sqlite.SqliteGrainStorage Storage { get; private set; } = null!;
    protected IReminderStore Reminders { get; private set; } = null!;

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
    public async Task Logs_are_separate_from_states_and_from_each_other()
    {
        var id = NewId();
        await Storage.AppendAsync("a", id, 0, Entries("a1"));
        await Storage.AppendAsync("b", id, 0, Entries("b1", "b2"));
        await Storage.WriteAsync("a", id, Json("{}"), null);

        Assert.Equal(["a1"], Texts(await Storage.ReadLogAsync("a", id, 0, 100)));
        Assert.Equal(["b1", "b2"], Texts(await Storage.ReadLogAsync("b", id, 0, 100)));
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
}
