using System.Reflection;
using Npgsql;

namespace ThreeSocial.Storage.Postgres;

/// <summary>
/// Puts Orleans' PostgreSQL schema (its own scripts, carried unmodified in OrleansSql/) and the journal's tables into a
/// database, once: silos that start together take turns on an advisory lock, and a database that has the schema is left
/// as it is, so a second start or a second silo changes nothing.
/// </summary>
public static class PostgresSchema
{
    /// <summary>In the order Orleans' README gives; the 3.7.0 script adds the defunct-silo cleanup query.</summary>
    private static readonly string[] OrleansScripts =
        ["PostgreSQL-Main.sql", "PostgreSQL-Persistence.sql", "PostgreSQL-Reminders.sql", "PostgreSQL-Clustering.sql", "PostgreSQL-Clustering-3.7.0.sql"];

    /// <summary>An arbitrary number every ThreeSocial silo locks on while it checks and applies the schema.</summary>
    private const long SchemaLock = 0x7468726565736f63; // "threesoc"

    private const string JournalSchema = """
        CREATE SEQUENCE IF NOT EXISTS threesocial_snapshot_version;
        CREATE TABLE IF NOT EXISTS threesocial_journal (
            service_id text NOT NULL, grain_type text NOT NULL, grain_key text NOT NULL, log_name text NOT NULL,
            number bigint NOT NULL, data bytea NOT NULL,
            PRIMARY KEY (service_id, grain_type, grain_key, log_name, number));
        CREATE TABLE IF NOT EXISTS threesocial_journal_snapshot (
            service_id text NOT NULL, grain_type text NOT NULL, grain_key text NOT NULL, log_name text NOT NULL,
            data bytea NOT NULL, version bigint NOT NULL,
            PRIMARY KEY (service_id, grain_type, grain_key, log_name));
        """;

    /// <summary>Whether Orleans' scripts were applied by this call (false: the database had them).</summary>
    public static async Task<bool> EnsureAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({SchemaLock})", cancellationToken);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('orleansquery') IS NOT NULL", connection))
        {
            var applied = false;
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                foreach (var script in OrleansScripts) await ExecuteAsync(connection, Read(script), cancellationToken);
                applied = true;
            }
            await ExecuteAsync(connection, JournalSchema, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return applied;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Read(string script)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("OrleansSql/" + script)
            ?? throw new InvalidOperationException($"Orleans' {script} is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
