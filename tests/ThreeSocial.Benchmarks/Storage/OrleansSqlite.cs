using Microsoft.Data.Sqlite;

namespace ThreeSocial.Benchmarks.Storage;

/// <summary>
/// A fresh SQLite file with Orleans' ADO.NET persistence schema (its own scripts, copied beside this file with their
/// licence), for Orleans' own SQLite grain storage: the benchmarks' comparison and the state tests' cross-check.
/// </summary>
public static class OrleansSqliteSchema
{
    public static string Create(string path)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // WAL as our store runs, so the row compares providers rather than journal modes (synchronous stays FULL).
        command.CommandText = "PRAGMA journal_mode=WAL;\n" +
                              File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Storage", "Sqlite-Main.sql")) + "\n" +
                              File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Storage", "Sqlite-Persistence.sql"));
        command.ExecuteNonQuery();
        return connectionString;
    }
}

