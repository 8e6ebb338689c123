using ThreeSocial.Journal;
using Orleans.Storage;
using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ThreeSocial.Storage.Sqlite;

/// <summary>
/// The embedded default store. One writer thread owns the only write connection: every write queued while
/// the previous transaction was syncing goes into the next transaction (group commit), and each caller is
/// answered only after the COMMIT that holds its write has been synced (WAL, synchronous=FULL).
/// Readers use their own connections and never wait for the writer.
/// </summary>
public sealed class SqliteGrainStorage : IStateStore, IReminderStore, ILogStore, IStorageHealth, IDisposable
{
    private readonly SqliteStorageOptions _options;
    private readonly string _connectionString;
    private readonly object _queueLock = new();
    private readonly Queue<WriteOp> _queue = new();
    private readonly ConcurrentBag<Reader> _readers = new();
    // Each connection keeps its own page cache: more concurrent readers than this buys nothing on a small machine.
    private readonly SemaphoreSlim _readerSlots = new(MaxReaders, MaxReaders);
    private const int MaxReaders = 8;
    private readonly Thread _writerThread;
    private readonly Thread _checkpointThread;
    private readonly SqliteConnection _writer;
    private readonly ManualResetEventSlim _closed = new();
    private readonly WriterCommands _commands;
    private long _lastVersion;
    private bool _closing;

    public SqliteGrainStorage(SqliteStorageOptions options)
    {
        _options = options;
        var full = System.IO.Path.GetFullPath(options.Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = options.BusyTimeoutSeconds,
        }.ToString();

        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        // Checkpoints run on their own thread (CheckpointLoop): done inside COMMIT they stalled every writer behind a file sync.
        Execute(_writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=0;");
        Execute(_writer, Schema);
        if (options.MaxSizeBytes is { } max)
        {
            var pageSize = Scalar(_writer, "PRAGMA page_size");
            Execute(_writer, $"PRAGMA max_page_count={Math.Max(1, max / pageSize)}");
        }
        // Versions only grow, also across restarts and clears, so an old ETag can never match a newer record.
        _lastVersion = Math.Max(Scalar(_writer, "SELECT COALESCE(MAX(version), 0) FROM grain_state"),
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000);
        _commands = new WriterCommands(_writer);
        _writerThread = new Thread(WriteLoop) { IsBackground = true, Name = "sqlite-group-commit" };
        _writerThread.Start();
        _checkpointThread = new Thread(CheckpointLoop) { IsBackground = true, Name = "sqlite-checkpoint" };
        _checkpointThread.Start();
    }

    /// <summary>
    /// Copies the WAL back into the database from a connection of its own. PASSIVE never blocks the writer; a WAL
    /// fully copied is restarted by the writer's next transaction, so it stays near the threshold.
    /// </summary>
    private void CheckpointLoop()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA synchronous=FULL;");
        var walPath = _writer.DataSource + "-wal";
        while (!_closed.Wait(TimeSpan.FromMilliseconds(250)))
        {
            try
            {
                if (File.Exists(walPath) && new FileInfo(walPath).Length > CheckpointThresholdBytes)
                    Execute(connection, "PRAGMA wal_checkpoint(PASSIVE);");
            }
            catch (SqliteException)
            {
                // A busy or full database: the next round tries again; writes are unaffected.
            }
        }
        try
        {
            Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);"); // leave a small WAL behind on a clean close
        }
        catch (SqliteException)
        {
        }
    }

    private const long CheckpointThresholdBytes = 16 * 1024 * 1024;

    public const string ProviderName = "sqlite";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, state_name TEXT NOT NULL,
            version INTEGER NOT NULL, data BLOB NOT NULL,
            PRIMARY KEY (grain_type, grain_key, state_name));
        CREATE TABLE IF NOT EXISTS reminders (
            grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, name TEXT NOT NULL,
            due_ms INTEGER NOT NULL, period_ms INTEGER NOT NULL,
            PRIMARY KEY (grain_type, grain_key, name));
        CREATE TABLE IF NOT EXISTS grain_log (
            grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, log_name TEXT NOT NULL,
            number INTEGER NOT NULL, data BLOB NOT NULL,
            PRIMARY KEY (grain_type, grain_key, log_name, number)) WITHOUT ROWID;
        """;

    // ---- reads: any thread, own connection ----

    public async Task<StoredState?> ReadAsync(string stateName, GrainKey grainId, CancellationToken cancellationToken = default)
    {
        await _readerSlots.WaitAsync(cancellationToken);
        var reader = RentReader();
        try
        {
            reader.Type.Value = grainId.Type;
            reader.Key.Value = grainId.Key;
            reader.State.Value = stateName;
            using var row = reader.Select.ExecuteReader();
            return row.Read()
                ? new StoredState((byte[])row.GetValue(1), row.GetInt64(0).ToString(CultureInfo.InvariantCulture))
                : null;
        }
        catch (SqliteException ex)
        {
            throw new GrainStorageException($"Reading {stateName} of {grainId} from SQLite failed: {ex.Message}", ex);
        }
        finally
        {
            _readers.Add(reader);
            _readerSlots.Release();
        }
    }

    public async Task<IReadOnlyList<byte[]>> ReadLogAsync(string logName, GrainKey grainId, long afterNumber, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterNumber);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        await _readerSlots.WaitAsync(cancellationToken);
        var reader = RentReader();
        try
        {
            var p = reader.ReadLog.Parameters;
            p["$type"].Value = grainId.Type;
            p["$key"].Value = grainId.Key;
            p["$log"].Value = logName;
            p["$after"].Value = afterNumber;
            p["$max"].Value = maxCount;
            using var row = reader.ReadLog.ExecuteReader();
            var entries = new List<byte[]>();
            while (row.Read()) entries.Add((byte[])row.GetValue(0));
            return entries;
        }
        catch (SqliteException ex)
        {
            throw new GrainStorageException($"Reading log {logName} of {grainId} from SQLite failed: {ex.Message}", ex);
        }
        finally
        {
            _readers.Add(reader);
            _readerSlots.Release();
        }
    }

    public Task<IReadOnlyList<ReminderRow>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ReminderRow>>(ReadReminders("SELECT grain_type, grain_key, name, due_ms, period_ms FROM reminders", null));

    public Task<IReadOnlyList<ReminderRow>> ReadAsync(GrainKey grain, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ReminderRow>>(ReadReminders(
            "SELECT grain_type, grain_key, name, due_ms, period_ms FROM reminders WHERE grain_type = $type AND grain_key = $key", grain));

    private List<ReminderRow> ReadReminders(string sql, GrainKey? grain)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (grain is { } g)
        {
            command.Parameters.AddWithValue("$type", g.Type);
            command.Parameters.AddWithValue("$key", g.Key);
        }
        using var row = command.ExecuteReader();
        var entries = new List<ReminderRow>();
        while (row.Read())
            entries.Add(new ReminderRow(new GrainKey(row.GetString(0), row.GetString(1)), row.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(3)), TimeSpan.FromMilliseconds(row.GetInt64(4))));
        return entries;
    }

    public async Task<StorageHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _readerSlots.WaitAsync(cancellationToken);
            var reader = RentReader();
            try
            {
                Scalar(reader.Connection, "SELECT COUNT(*) FROM sqlite_master");
            }
            finally
            {
                _readers.Add(reader);
                _readerSlots.Release();
            }
            return _writerThread.IsAlive
                ? new StorageHealth(ProviderName, true)
                : new StorageHealth(ProviderName, false, "The writer thread has stopped.");
        }
        catch (Exception ex)
        {
            return new StorageHealth(ProviderName, false, ex.Message);
        }
    }

    // ---- writes: queued to the group-commit thread ----

    public Task<string> WriteAsync(string stateName, GrainKey grainId, byte[] data, string? etag, CancellationToken cancellationToken = default) =>
        Enqueue(new StateWrite(stateName, grainId, data, etag));

    public Task ClearAsync(string stateName, GrainKey grainId, string? etag, CancellationToken cancellationToken = default) =>
        Enqueue(new StateClear(stateName, grainId, etag));

    public Task AppendAsync(string logName, GrainKey grainId, long expectedLength, IReadOnlyList<byte[]> entries, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedLength);
        return entries.Count == 0 ? Task.CompletedTask : Enqueue(new LogAppend(logName, grainId, expectedLength, entries));
    }

    /// <summary>A journal's snapshot is a state of its own, named after the log (as the previous version stored it).</summary>
    public Task<StoredState?> ReadSnapshotAsync(string logName, GrainKey grainId, CancellationToken cancellationToken = default) =>
        ReadAsync(logName + SnapshotSuffix, grainId, cancellationToken);

    public Task<string> WriteSnapshotAsync(string logName, GrainKey grainId, byte[] data, string? etag, CancellationToken cancellationToken = default) =>
        WriteAsync(logName + SnapshotSuffix, grainId, data, etag, cancellationToken);

    private const string SnapshotSuffix = ".snapshot";

    public Task UpsertAsync(ReminderRow entry, CancellationToken cancellationToken = default) =>
        Enqueue(new ReminderUpsert(entry));

    public Task RemoveAsync(GrainKey grainId, string name, CancellationToken cancellationToken = default) =>
        Enqueue(new ReminderRemove(grainId, name));

    private Task<string> Enqueue(WriteOp op)
    {
        lock (_queueLock)
        {
            if (_closing) throw new GrainStorageException("The SQLite store is closed.");
            _queue.Enqueue(op);
            if (_queue.Count == 1) Monitor.Pulse(_queueLock);
        }
        return op.Outcome.Task;
    }

    private void WriteLoop()
    {
        var batch = new List<WriteOp>(_options.MaxBatchSize);
        while (true)
        {
            lock (_queueLock)
            {
                while (_queue.Count == 0)
                {
                    if (_closing) return;
                    Monitor.Wait(_queueLock);
                }
                while (batch.Count < _options.MaxBatchSize && _queue.TryDequeue(out var op)) batch.Add(op);
            }
            CommitBatch(batch);
            batch.Clear();
        }
    }

    private void CommitBatch(List<WriteOp> batch)
    {
        var results = new object[batch.Count]; // new ETag string, or the InconsistentStateException for that op
        try
        {
            using var transaction = _writer.BeginTransaction();
            _commands.Enlist(transaction);
            for (var i = 0; i < batch.Count; i++)
            {
                results[i] = batch[i].Apply(_commands, this);
            }
            transaction.Commit(); // WAL + synchronous=FULL: durable when this returns
        }
        catch (Exception ex)
        {
            var failure = new GrainStorageException($"SQLite write failed, nothing in this batch was stored: {ex.Message}", ex);
            foreach (var op in batch) op.Outcome.TrySetException(failure);
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i] is Exception conflict) batch[i].Outcome.TrySetException(conflict);
            else batch[i].Outcome.TrySetResult((string)results[i]);
        }
    }

    private string NextVersion() => (++_lastVersion).ToString(CultureInfo.InvariantCulture);

    // ---- write operations, applied inside the batch transaction on the writer thread ----

    private abstract class WriteOp
    {
        internal readonly TaskCompletionSource<string> Outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Returns the new ETag, or an InconsistentStateException when the ETag check failed (nothing changed).</summary>
        internal abstract object Apply(WriterCommands c, SqliteGrainStorage store);
    }

    private sealed class StateWrite(string stateName, GrainKey grainId, byte[] data, string? etag) : WriteOp
    {
        internal override object Apply(WriterCommands c, SqliteGrainStorage store)
        {
            var version = store.NextVersion();
            int changed;
            if (etag is null)
            {
                changed = WriterCommands.Run(c.Insert, grainId, stateName, version, data, null);
            }
            else
            {
                if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    return c.Conflict(grainId, stateName, etag, "write");
                changed = WriterCommands.Run(c.Update, grainId, stateName, version, data, etag);
            }
            return changed == 1 ? version : c.Conflict(grainId, stateName, etag, "write");
        }
    }

    private sealed class StateClear(string stateName, GrainKey grainId, string? etag) : WriteOp
    {
        internal override object Apply(WriterCommands c, SqliteGrainStorage store)
        {
            if (etag is null)
                return c.StoredVersion(grainId, stateName) is null ? "" : c.Conflict(grainId, stateName, etag, "clear");
            if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                return c.Conflict(grainId, stateName, etag, "clear");
            return WriterCommands.Run(c.Delete, grainId, stateName, null, null, etag) == 1 ? "" : c.Conflict(grainId, stateName, etag, "clear");
        }
    }

    private sealed class LogAppend(string logName, GrainKey grainId, long expectedLength, IReadOnlyList<byte[]> entries) : WriteOp
    {
        internal override object Apply(WriterCommands c, SqliteGrainStorage store)
        {
            var length = c.LogLength(grainId, logName);
            if (length != expectedLength)
                return new InconsistentStateException(
                    $"Log '{logName}' of {grainId} is {length} entries long, not {expectedLength}: another writer appended to it.",
                    length.ToString(CultureInfo.InvariantCulture), expectedLength.ToString(CultureInfo.InvariantCulture));
            for (var i = 0; i < entries.Count; i++) c.AppendLogEntry(grainId, logName, expectedLength + 1 + i, entries[i]);
            return "";
        }
    }

    private sealed class ReminderUpsert(ReminderRow entry) : WriteOp
    {
        internal override object Apply(WriterCommands c, SqliteGrainStorage store)
        {
            c.UpsertReminder(entry);
            return "";
        }
    }

    private sealed class ReminderRemove(GrainKey grainId, string name) : WriteOp
    {
        internal override object Apply(WriterCommands c, SqliteGrainStorage store)
        {
            c.RemoveReminder(grainId, name);
            return "";
        }
    }

    /// <summary>Prepared statements of the writer connection, reused for every batch.</summary>
    private sealed class WriterCommands
    {
        internal readonly SqliteCommand Insert, Update, Delete, SelectVersion, ReminderUpsertCommand, ReminderDeleteCommand, LogLengthCommand, LogInsert;

        internal WriterCommands(SqliteConnection connection)
        {
            Insert = Prepare(connection, """
                INSERT INTO grain_state (grain_type, grain_key, state_name, version, data)
                VALUES ($type, $key, $state, $version, $data) ON CONFLICT DO NOTHING
                """, "$type", "$key", "$state", "$version", "$data");
            Update = Prepare(connection, """
                UPDATE grain_state SET version = $version, data = $data
                WHERE grain_type = $type AND grain_key = $key AND state_name = $state AND version = $expected
                """, "$type", "$key", "$state", "$version", "$data", "$expected");
            Delete = Prepare(connection, """
                DELETE FROM grain_state
                WHERE grain_type = $type AND grain_key = $key AND state_name = $state AND version = $expected
                """, "$type", "$key", "$state", "$expected");
            SelectVersion = Prepare(connection,
                "SELECT version FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $state",
                "$type", "$key", "$state");
            ReminderUpsertCommand = Prepare(connection, """
                INSERT INTO reminders (grain_type, grain_key, name, due_ms, period_ms) VALUES ($type, $key, $name, $due, $period)
                ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET due_ms = excluded.due_ms, period_ms = excluded.period_ms
                """, "$type", "$key", "$name", "$due", "$period");
            ReminderDeleteCommand = Prepare(connection,
                "DELETE FROM reminders WHERE grain_type = $type AND grain_key = $key AND name = $name", "$type", "$key", "$name");
            LogLengthCommand = Prepare(connection,
                // One seek to the last entry; MAX() with a WHERE clause walks the whole log.
                "SELECT number FROM grain_log WHERE grain_type = $type AND grain_key = $key AND log_name = $log ORDER BY number DESC LIMIT 1",
                "$type", "$key", "$log");
            LogInsert = Prepare(connection,
                "INSERT INTO grain_log (grain_type, grain_key, log_name, number, data) VALUES ($type, $key, $log, $number, $data)",
                "$type", "$key", "$log", "$number", "$data");
        }

        private IEnumerable<SqliteCommand> All => [Insert, Update, Delete, SelectVersion, ReminderUpsertCommand, ReminderDeleteCommand, LogLengthCommand, LogInsert];

        internal long LogLength(GrainKey grainId, string logName)
        {
            var p = LogLengthCommand.Parameters;
            p["$type"].Value = grainId.Type;
            p["$key"].Value = grainId.Key;
            p["$log"].Value = logName;
            return LogLengthCommand.ExecuteScalar() is long length ? length : 0;
        }

        internal void AppendLogEntry(GrainKey grainId, string logName, long number, byte[] data)
        {
            var p = LogInsert.Parameters;
            p["$type"].Value = grainId.Type;
            p["$key"].Value = grainId.Key;
            p["$log"].Value = logName;
            p["$number"].Value = number;
            p["$data"].Value = data;
            LogInsert.ExecuteNonQuery();
        }

        internal void Enlist(SqliteTransaction transaction)
        {
            foreach (var command in All) command.Transaction = transaction;
        }

        internal static int Run(SqliteCommand command, GrainKey grainId, string stateName, string? version, byte[]? data, string? expected)
        {
            command.Parameters["$type"].Value = grainId.Type;
            command.Parameters["$key"].Value = grainId.Key;
            command.Parameters["$state"].Value = stateName;
            if (version is not null) command.Parameters["$version"].Value = long.Parse(version, CultureInfo.InvariantCulture);
            if (data is not null) command.Parameters["$data"].Value = data;
            if (expected is not null) command.Parameters["$expected"].Value = long.Parse(expected, CultureInfo.InvariantCulture);
            return command.ExecuteNonQuery();
        }

        internal string? StoredVersion(GrainKey grainId, string stateName)
        {
            SelectVersion.Parameters["$type"].Value = grainId.Type;
            SelectVersion.Parameters["$key"].Value = grainId.Key;
            SelectVersion.Parameters["$state"].Value = stateName;
            return SelectVersion.ExecuteScalar() is long v ? v.ToString(CultureInfo.InvariantCulture) : null;
        }

        internal InconsistentStateException Conflict(GrainKey grainId, string stateName, string? etag, string operation)
        {
            var stored = StoredVersion(grainId, stateName);
            return new InconsistentStateException(
                $"ETag mismatch on {operation} of state '{stateName}' for {grainId}: presented '{etag ?? "(none)"}', stored '{stored ?? "(no record)"}'.",
                stored, etag);
        }

        internal void UpsertReminder(ReminderRow entry)
        {
            var p = ReminderUpsertCommand.Parameters;
            p["$type"].Value = entry.GrainKey.Type;
            p["$key"].Value = entry.GrainKey.Key;
            p["$name"].Value = entry.Name;
            p["$due"].Value = entry.Due.ToUnixTimeMilliseconds();
            p["$period"].Value = (long)entry.Period.TotalMilliseconds;
            ReminderUpsertCommand.ExecuteNonQuery();
        }

        internal void RemoveReminder(GrainKey grainId, string name)
        {
            var p = ReminderDeleteCommand.Parameters;
            p["$type"].Value = grainId.Type;
            p["$key"].Value = grainId.Key;
            p["$name"].Value = name;
            ReminderDeleteCommand.ExecuteNonQuery();
        }
    }

    // ---- plumbing ----

    private sealed record Reader(SqliteConnection Connection, SqliteCommand Select, SqliteParameter Type, SqliteParameter Key, SqliteParameter State,
        SqliteCommand ReadLog);

    private Reader RentReader()
    {
        if (_readers.TryTake(out var reader)) return reader;
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        var select = Prepare(connection,
            "SELECT version, data FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $state",
            "$type", "$key", "$state");
        var readLog = Prepare(connection, """
            SELECT data FROM grain_log WHERE grain_type = $type AND grain_key = $key AND log_name = $log AND number > $after
            ORDER BY number LIMIT $max
            """, "$type", "$key", "$log", "$after", "$max");
        return new Reader(connection, select, select.Parameters["$type"], select.Parameters["$key"], select.Parameters["$state"], readLog);
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter(name, null));
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Finishes every queued write, then closes the file.</summary>
    public void Dispose()
    {
        lock (_queueLock)
        {
            if (_closing) return;
            _closing = true;
            Monitor.Pulse(_queueLock);
        }
        _writerThread.Join();
        _closed.Set();
        _checkpointThread.Join();
        while (_readers.TryTake(out var reader)) reader.Connection.Dispose();
        _writer.Dispose();
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }
}
