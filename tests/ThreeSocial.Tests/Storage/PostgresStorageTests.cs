using Npgsql;
using ThreeSocial.Storage;
using ThreeSocial.Storage.Postgres;
using ThreeSocial.Benchmarks.Storage;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Storage;

/// <summary>One real PostgreSQL server for every test that needs one; each test gets a database of its own.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartNewAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A new, empty database on the server, and the connection string that reaches it.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(Server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(Server.ConnectionString) { Database = name }.ToString();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresStorageConformanceTests(PostgresFixture postgres) : StorageConformanceTests
{
    private string _connectionString = "";
    private PostgresGrainStorage? _store;

    protected override async Task<(IStateStore, IReminderStore)> OpenAsync()
    {
        if (_connectionString == "") _connectionString = await postgres.NewDatabaseAsync();
        _store = new PostgresGrainStorage(new PostgresStorageOptions { ConnectionString = _connectionString });
        await _store.EnsureSchemaAsync();
        return (_store, _store);
    }

    protected override Task<(IStateStore, IReminderStore)> ReopenAsync()
    {
        _store!.Dispose();
        return OpenAsync();
    }

    public override Task DisposeAsync()
    {
        _store?.Dispose();
        return Task.CompletedTask;
    }
}
