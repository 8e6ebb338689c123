using System.Data;
using System.Globalization;
using Npgsql;
using Orleans.Storage;
using ThreeSocial.Journal;

namespace ThreeSocial.Storage.Postgres;

/// <summary>
/// The journals' logs and snapshots in PostgreSQL, beside Orleans' own tables (the schema is <see cref="PostgresSchema"/>'s),
/// scoped by the Orleans service id as Orleans scopes its rows. A snapshot's ETag is a version drawn from one sequence, so
/// versions only grow and an old ETag never matches a newer snapshot. Every statement is its own transaction: acknowledged
/// only after PostgreSQL committed it.
/// </summary>
public sealed class PostgresLogStore(NpgsqlDataSource source, string serviceId) : ILogStore, IStorageHealth
{
    public const string ProviderName = "postgres";

    public Task AppendAsync(string logName, GrainKey grainId, long expectedLength, IReadOnlyList<byte[]> entries, CancellationToken cancellationToken = default) =>
        Run(async () =>
        {
            if (entries.Count == 0) return 0;
            // One statement: the length check and the rows go in together, and the primary key refuses a second writer
            // that checked the same length at the same moment (it waits for the first, then fails on the duplicate).
            await using var command = Command("""
                INSERT INTO threesocial_journal (service_id, grain_type, grain_key, log_name, number, data)
                SELECT $1, $2, $3, $4, $5 + e.ordinality, e.data FROM unnest($6::bytea[]) WITH ORDINALITY AS e(data, ordinality)
                WHERE (SELECT COALESCE(MAX(number), 0) FROM threesocial_journal
                       WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 AND log_name = $4) = $5
                """, serviceId, grainId.Type, grainId.Key, logName, expectedLength, entries.ToArray());
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
            throw new InconsistentStateException($"The {logName} log of {grainId} is not {expectedLength} entries long; nothing was appended.",
                null, expectedLength.ToString(CultureInfo.InvariantCulture));
        }, "append to a journal");

    public Task<IReadOnlyList<byte[]>> ReadLogAsync(string logName, GrainKey grainId, long afterNumber, int maxCount, CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<byte[]>>(async () =>
        {
            await using var command = Command("""
                SELECT data FROM threesocial_journal WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 AND log_name = $4 AND number > $5
                ORDER BY number LIMIT $6
                """, serviceId, grainId.Type, grainId.Key, logName, afterNumber, maxCount);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var entries = new List<byte[]>();
            while (await reader.ReadAsync(cancellationToken)) entries.Add((byte[])reader[0]);
            return entries;
        }, "read a journal");

    public Task<StoredState?> ReadSnapshotAsync(string logName, GrainKey grainId, CancellationToken cancellationToken = default) =>
        Run(async () =>
        {
            await using var command = Command("""
                SELECT data, version FROM threesocial_journal_snapshot WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 AND log_name = $4
                """, serviceId, grainId.Type, grainId.Key, logName);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? new StoredState((byte[])reader[0], Etag(reader.GetInt64(1))) : null;
        }, "read a journal snapshot");

    public Task<string> WriteSnapshotAsync(string logName, GrainKey grainId, byte[] data, string? etag, CancellationToken cancellationToken = default) =>
        Run(async () =>
        {
            // Insert only where none is; update only the version the caller read. Zero rows: the ETag was stale.
            await using var command = etag is null
                ? Command("""
                    INSERT INTO threesocial_journal_snapshot (service_id, grain_type, grain_key, log_name, data, version)
                    VALUES ($1, $2, $3, $4, $5, nextval('threesocial_snapshot_version')) ON CONFLICT DO NOTHING RETURNING version
                    """, serviceId, grainId.Type, grainId.Key, logName, data)
                : Command("""
                    UPDATE threesocial_journal_snapshot SET data = $5, version = nextval('threesocial_snapshot_version')
                    WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 AND log_name = $4 AND version = $6 RETURNING version
                    """, serviceId, grainId.Type, grainId.Key, logName, data, ParseEtag(etag));
            if (await command.ExecuteScalarAsync(cancellationToken) is long written) return Etag(written);
            var stored = await ReadSnapshotAsync(logName, grainId, cancellationToken);
            throw new InconsistentStateException($"The {logName} snapshot of {grainId} was changed by someone else (ETag {etag ?? "none"} is stale).", stored?.ETag, etag);
        }, "write a journal snapshot");

    public async Task<StorageHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = source.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return new StorageHealth(ProviderName, true);
        }
        catch (Exception e) when (PostgresFailures.IsUnavailable(e) || e is OperationCanceledException)
        {
            return new StorageHealth(ProviderName, false, e.Message);
        }
    }

    private NpgsqlCommand Command(string sql, params object[] parameters)
    {
        var command = source.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return command;
    }

    private static string Etag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static long ParseEtag(string etag) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1;

    private static async Task<T> Run<T>(Func<Task<T>> operation, string what)
    {
        try
        {
            return await operation();
        }
        catch (Exception e) when (PostgresFailures.IsUnavailable(e))
        {
            throw new GrainStorageException($"PostgreSQL could not {what}: {e.Message}", e);
        }
    }
}

/// <summary>What PostgreSQL or the way to it says when it cannot serve: the caller gets a 503, not a 500.</summary>
public static class PostgresFailures
{
    public static bool IsUnavailable(Exception e) =>
        e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException
        || (e is InvalidOperationException && e.InnerException is NpgsqlException or TimeoutException);
}
