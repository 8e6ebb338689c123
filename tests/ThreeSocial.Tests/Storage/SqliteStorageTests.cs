using Microsoft.Data.Sqlite;
using ThreeSocial.TestGrains;
using ThreeSocial.Storage;
using ThreeSocial.Storage.Sqlite;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Storage;

[Trait("Category", TestCategory.Storage)]
public sealed class SqliteStorageConformanceTests : StorageConformanceTests, IDisposable
{
    private readonly TempDirectory _temp = new();
    private SqliteGrainStorage? _store;

    private string DatabasePath => _temp.File("conformance.db");

    protected override Task<(SqliteGrainStorage, IReminderStore)> OpenAsync()
    {
        _store = new SqliteGrainStorage(new SqliteStorageOptions { Path = DatabasePath });
        return Task.FromResult<(SqliteGrainStorage, IReminderStore)>((_store, _store));
    }

    protected override Task<(SqliteGrainStorage, IReminderStore)> ReopenAsync()
    {
        _store!.Dispose();
        return OpenAsync();
    }

    public override Task DisposeAsync() => Task.CompletedTask; // nothing to close asynchronously: see Dispose

    public void Dispose()
    {
        _store?.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task The_database_runs_in_WAL_mode_with_full_sync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string)(await command.ExecuteScalarAsync())!);
    }
}

/// <summary>Faults of the file itself: a caller is told, nothing is corrupted, other grains keep working.</summary>
[Trait("Category", TestCategory.Storage)]
public sealed class SqliteFaultTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_write_while_another_process_locks_the_file_fails_clearly_and_succeeds_once_released()
    {
        var path = _temp.File("locked.db");
        await using var silo = await TestSilo.StartAsync(path, storage: o => o.BusyTimeoutSeconds = 1);
        var counter = silo.Grains.GetGrain<ICounterGrain>(Keys.New());
        Assert.Equal(1, await counter.Increment());

        await using (var intruder = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await intruder.OpenAsync();
            await using var begin = intruder.CreateCommand();
            begin.CommandText = "BEGIN EXCLUSIVE";
            await begin.ExecuteNonQueryAsync();

            var error = await Assert.ThrowsAsync<GrainStorageException>(() => counter.Increment());
            Assert.Contains("locked", error.Message);

            begin.CommandText = "ROLLBACK";
            await begin.ExecuteNonQueryAsync();
        }

        Assert.Equal(1, await counter.Get()); // the failed increment was not counted
        Assert.Equal(2, await counter.Increment());
    }

    [Fact]
    public async Task A_full_disk_fails_the_write_clearly_keeps_earlier_data_and_the_process_serving()
    {
        var path = _temp.File("full.db");
        await using var silo = await TestSilo.StartAsync(path, storage: o => o.MaxSizeBytes = 256 * 1024);
        var counter = silo.Grains.GetGrain<ICounterGrain>("survivor");
        await counter.Increment();

        var big = new byte[64 * 1024];
        GrainStorageException? full = null;
        for (var i = 0; i < 10 && full is null; i++)
        {
            try
            {
                await silo.Storage.WriteAsync("filler", new GrainKey("filler", $"f{i}"), big, null);
            }
            catch (GrainStorageException ex)
            {
                full = ex;
            }
        }

        Assert.NotNull(full);
        Assert.Contains("full", full!.Message);
        Assert.Equal(1, await counter.Get());
        await silo.Storage.ClearAsync("filler", new GrainKey("filler", "f0"), (await silo.Storage.ReadAsync("filler", new GrainKey("filler", "f0")))!.ETag);
        Assert.Equal(2, await counter.Increment());
        Assert.True((await silo.Storage.CheckHealthAsync()).Reachable);
    }
}

[Trait("Category", TestCategory.Grain)]
public sealed class GrainReferenceBadInputTests : RuntimeTest
{
    public interface IUnimplementedGrain : IGrainWithStringKey
    {
        Task Nothing();
    }

    [Fact]
    public void An_interface_no_grain_implements_is_refused_clearly()
    {
        var error = Assert.Throws<ArgumentException>(() => Grains.GetGrain<IUnimplementedGrain>("x"));
        Assert.Contains(nameof(IUnimplementedGrain), error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_key_is_refused(string key)
    {
        Assert.Throws<ArgumentException>(() => Grains.GetGrain<ICounterGrain>(key));
    }
}
