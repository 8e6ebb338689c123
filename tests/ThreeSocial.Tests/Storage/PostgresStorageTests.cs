using Npgsql;
using ThreeSocial.Benchmarks.Storage;
using ThreeSocial.Storage.Postgres;
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
        try
        {
            await using var connection = new NpgsqlConnection(Server.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException($"PostgreSQL did not create a database; its last lines:\n{Server.RecentOutput}", e);
        }
        return new NpgsqlConnectionStringBuilder(Server.ConnectionString) { Database = name }.ToString();
    }

    /// <summary>Silo settings for Orleans' ADO.NET providers on a new database.</summary>
    public async Task<Dictionary<string, string?>> NewStorageAsync() => new()
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:Postgres:ConnectionString"] = await NewDatabaseAsync(),
    };
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}

[Collection(PostgresCollection.Name)]
[Trait("Category", TestCategory.Storage)]
public sealed class PostgresConformanceTests(PostgresFixture postgres) : ProviderConformanceTests
{
    protected override async Task<IReadOnlyDictionary<string, string?>> NewStorageAsync() => await postgres.NewStorageAsync();
}

[Collection(PostgresCollection.Name)]
[Trait("Category", TestCategory.Storage)]
public sealed class PostgresSchemaTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Orleans_scripts_are_applied_once_and_a_second_start_or_concurrent_silos_change_nothing()
    {
        var database = await postgres.NewDatabaseAsync();

        var firstRound = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PostgresSchema.EnsureAsync(database)));
        var queries = await CountAsync(database, "SELECT count(*) FROM orleansquery");
        var again = await PostgresSchema.EnsureAsync(database);

        Assert.Equal(1, firstRound.Count(applied => applied)); // three silos at once: one applies, two find it done
        Assert.False(again);
        Assert.Equal(queries, await CountAsync(database, "SELECT count(*) FROM orleansquery"));
        Assert.True(queries >= 15, $"Orleans' queries are in place ({queries})");
        Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM orleansquery WHERE querykey = 'CleanupDefunctSiloEntriesKey'"));
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
