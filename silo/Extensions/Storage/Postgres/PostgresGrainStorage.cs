using Orleans.Storage;
using System.Data;
using Npgsql;

namespace ThreeSocial.Storage.Postgres;

public sealed class PostgresStorageOptions
{
    /// <summary>An Npgsql connection string, e.g. "Host=127.0.0.1;Port=5432;Username=threesocial;Password=…;Database=threesocial".</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>How long a statement may take before the write fails (and the caller gets a 503).</summary>
    public int CommandTimeoutSeconds { get; set; } = 5;

    /// <summary>Most pooled connections: concurrent commits share WAL flushes, which is PostgreSQL's own group commit.</summary>
    public int MaxPoolSize { get; set; } = 32;
}

/// <summary>
/// Grain state, logs and reminders in PostgreSQL (any compatible database). The ETag is a version drawn from one
/// sequence, so versions only grow, also across deletes, and an old ETag can never match a newer record. A write is
/// one statement in its own transaction: acknowledged only after PostgreSQL committed it (synchronous_commit as the
/// server has it, "on" by default). Concurrent commits share WAL flushes, so no batching of our own is needed.
/// </summary>
public sealed class PostgresGrainStorage : IStateStore, IReminderStore, IDisposable
{
    private const string Schema = """
        CREATE SEQUENCE IF NOT EXISTS grain_version;
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name text NOT NULL, grain_type text NOT NULL, grain_key text NOT NULL,
            data bytea NOT NULL, version bigint NOT NULL,
            PRIMARY KEY (state_name, grain_type, grain_key));
        CREATE TABLE IF NOT EXISTS grain_log (
            log_name text NOT NULL, grain_type text NOT NULL, grain_key text NOT NULL, number bigint NOT NULL, data bytea NOT NULL,
            PRIMARY KEY (log_name, grain_type, grain_key, number));
        CREATE TABLE IF NOT EXISTS grain_reminder (
            grain_type text NOT NULL, grain_key text NOT NULL, name text NOT NULL, due timestamptz NOT NULL, period_ms bigint NOT NULL,
            PRIMARY KEY (grain_type, grain_key, name));
        """;

    private readonly NpgsqlDataSource _source;
    private volatile Task? _schema; // created once, on first use; a failed attempt (database down) is tried again
    private readonly Lock _schemaLock = new();

    public PostgresGrainStorage(PostgresStorageOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            MaxPoolSize = options.MaxPoolSize,
            CommandTimeout = options.CommandTimeoutSeconds,
            Timeout = Math.Max(1, options.CommandTimeoutSeconds), // connecting to a database that is down fails fast too
        };
        _source = NpgsqlDataSource.Create(builder);
    }

    public string ProviderName => "postgres";

    /// <summary>Creates the tables if they are missing (idempotent). Every operation awaits it first.</summary>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        var schema = _schema;
        if (schema is { IsCompletedSuccessfully: true }) return schema;
        lock (_schemaLock) // one attempt at a time: concurrent CREATE … IF NOT EXISTS can still collide in PostgreSQL's catalog
        {
            if (_schema is null || _schema.IsFaulted || _schema.IsCanceled) _schema = CreateSchemaAsync();
            return _schema;
        }
    }

    private async Task CreateSchemaAsync()
    {
        await using var command = _source.CreateCommand(Schema);
        await command.ExecuteNonQueryAsync();
    }

    public Task<StoredState?> ReadAsync(string stateName, GrainKey grainId, CancellationToken cancellationToken = default) =>
        Run(async () =>
        {
            await using var command = Command("SELECT data, version FROM grain_state WHERE state_name = $1 AND grain_type = $2 AND grain_key = $3",
                stateName, grainId.Type, grainId.Key);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? new StoredState((byte[])reader[0], Etag(reader.GetInt64(1))) : null;
        }, "read");

    public Task<string> WriteAsync(string stateName, GrainKey grainId, byte[] data, string? etag, CancellationToken cancellationToken = default) =>
        Run(async () =>
        {
            // Insert only where no record is; update only the version the caller read. Zero rows: the ETag was stale.
            await using var command = etag is null
                ? Command("""
                    INSERT INTO grain_state (state_name, grain_type, grain_key, data, version) VALUES ($1, $2, $3, $4, nextval('grain_version'))
                    ON CONFLICT DO NOTHING RETURNING version
                    """, stateName, grainId.Type, grainId.Key, data)
                : Command("""
                    UPDATE grain_state SET data = $4, version = nextval('grain_version')
                    WHERE state_name = $1 AND grain_type = $2 AND grain_key = $3 AND version = $5 RETURNING version
                    """, stateName, grainId.Type, grainId.Key, data, ParseEtag(etag));
            var version = await command.ExecuteScalarAsync(cancellationToken);
            if (version is long written) return Etag(written);
            throw await Conflict(stateName, grainId, etag, cancellationToken);
        }, "write");

    public Task ClearAsync(string stateName, GrainKey grainId, string? etag, CancellationToken cancellationToken = default) =>
        Run(async () =>
        {
            if (etag is null)
            {
                if (await ReadAsync(stateName, grainId, cancellationToken) is { } existing)
                    throw new InconsistentStateException($"{grainId} has a stored {stateName}; clearing it needs its ETag.", existing.ETag, (string?)null);
                return 0;
            }
            await using var command = Command("DELETE FROM grain_state WHERE state_name = $1 AND grain_type = $2 AND grain_key = $3 AND version = $4",
                stateName, grainId.Type, grainId.Key, ParseEtag(etag));
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 1) return 0;
            throw await Conflict(stateName, grainId, etag, cancellationToken);
        }, "clear");

    public Task AppendAsync(string logName, GrainKey grainId, long expectedLength, IReadOnlyList<byte[]> entries, CancellationToken cancellationToken = default) =>
        Run(async () =>
        {
            if (entries.Count == 0) return 0;
            // One statement: the length check and the rows go in together, and the primary key refuses a second writer
            // that checked the same length at the same moment (it waits for the first, then fails on the duplicate).
            await using var command = Command("""
                INSERT INTO grain_log (log_name, grain_type, grain_key, number, data)
                SELECT $1, $2, $3, $4 + e.ordinality, e.data FROM unnest($5::bytea[]) WITH ORDINALITY AS e(data, ordinality)
                WHERE (SELECT COALESCE(MAX(number), 0) FROM grain_log WHERE log_name = $1 AND grain_type = $2 AND grain_key = $3) = $4
                """, logName, grainId.Type, grainId.Key, expectedLength, entries.ToArray());
            int inserted;
            try
            {
                inserted = await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                inserted = 0;
            }
            if (inserted == entries.Count) return 0;
            throw new InconsistentStateException($"The {logName} log of {grainId} is not {expectedLength} entries long; nothing was appended.", null, expectedLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }, "append");

    public Task<IReadOnlyList<byte[]>> ReadLogAsync(string logName, GrainKey grainId, long afterNumber, int maxCount, CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<byte[]>>(async () =>
        {
            await using var command = Command("""
                SELECT data FROM grain_log WHERE log_name = $1 AND grain_type = $2 AND grain_key = $3 AND number > $4 ORDER BY number LIMIT $5
                """, logName, grainId.Type, grainId.Key, afterNumber, maxCount);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var entries = new List<byte[]>();
            while (await reader.ReadAsync(cancellationToken)) entries.Add((byte[])reader[0]);
            return entries;
        }, "read the log");

    public async Task<StorageHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = _source.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return new StorageHealth(ProviderName, true);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            return new StorageHealth(ProviderName, false, e.Message);
        }
    }

    public Task<IReadOnlyList<ReminderRow>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<ReminderRow>>(async () =>
        {
            await using var command = Command("SELECT grain_type, grain_key, name, due, period_ms FROM grain_reminder");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var all = new List<ReminderRow>();
            while (await reader.ReadAsync(cancellationToken))
                all.Add(new ReminderRow(new GrainKey(reader.GetString(0), reader.GetString(1)), reader.GetString(2),
                    reader.GetFieldValue<DateTimeOffset>(3), TimeSpan.FromMilliseconds(reader.GetInt64(4))));
            return all;
        }, "read reminders");

    public Task UpsertAsync(ReminderRow entry, CancellationToken cancellationToken = default) =>
        Run(async () =>
        {
            await using var command = Command("""
                INSERT INTO grain_reminder (grain_type, grain_key, name, due, period_ms) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET due = EXCLUDED.due, period_ms = EXCLUDED.period_ms
                """, entry.GrainKey.Type, entry.GrainKey.Key, entry.Name, entry.Due.ToUniversalTime(), (long)entry.Period.TotalMilliseconds);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, "write a reminder");

    public Task RemoveAsync(GrainKey grainId, string name, CancellationToken cancellationToken = default) =>
        Run(async () =>
        {
            await using var command = Command("DELETE FROM grain_reminder WHERE grain_type = $1 AND grain_key = $2 AND name = $3", grainId.Type, grainId.Key, name);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, "remove a reminder");

    public void Dispose() => _source.Dispose();

    private NpgsqlCommand Command(string sql, params object[] parameters)
    {
        var command = _source.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return command;
    }

    private async Task<InconsistentStateException> Conflict(string stateName, GrainKey grainId, string? etag, CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(stateName, grainId, cancellationToken);
        return new InconsistentStateException($"The {stateName} of {grainId} was changed by someone else (ETag {etag ?? "none"} is stale).", stored?.ETag, etag);
    }

    private static string Etag(long version) => version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static long ParseEtag(string etag) =>
        long.TryParse(etag, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1;

    /// <summary>Whatever the database or the network says becomes one exception the API turns into a 503.</summary>
    private async Task<T> Run<T>(Func<Task<T>> operation, string what)
    {
        try
        {
            await EnsureSchemaAsync();
            return await operation();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException
                                      || (e is InvalidOperationException && e.InnerException is NpgsqlException or TimeoutException))
        {
            throw new GrainStorageException($"PostgreSQL could not {what}: {e.Message}", e);
        }
    }
}
