using Akka.Payments.Node.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Akka.Payments.Node.Journal;

/// <summary>Gets the journal's database (and on SQLite the snapshots' file) ready before Akka.Persistence.Sql creates its tables in it.</summary>
public static class JournalPreparation
{
    /// <summary>How long a node waits for PostgreSQL at start (in a Swarm the database may come up after the node).</summary>
    public static readonly TimeSpan PostgreSqlPatience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// SQLite: creates the files' folders and switches the journal's file and the snapshots' to write-ahead logging (a
    /// property of the file, kept across connections; there is no connection-string option for it), and moves the
    /// snapshots a journal file still holds from before snapshots had a file of their own (<see cref="MoveSnapshots"/>).
    /// PostgreSQL: waits until the database answers. In both cases Akka.Persistence.Sql then creates its tables when
    /// the ActorSystem starts.
    /// </summary>
    public static void Prepare(JournalSettings journal, ILogger logger)
    {
        if (journal.Provider == JournalProvider.PostgreSql)
        {
            WaitForPostgreSql(journal.ConnectionString, logger);
            return;
        }
        var journalFile = PrepareSqliteFile(journal.ConnectionString);
        logger.LogInformation("Journal: SQLite at {Path} (journal_mode={Mode})", journalFile.Path, journalFile.Mode);
        if (journal.SnapshotConnectionString == journal.ConnectionString) return;
        var snapshotFile = PrepareSqliteFile(journal.SnapshotConnectionString);
        logger.LogInformation("Snapshots: SQLite at {Path} (journal_mode={Mode})", snapshotFile.Path, snapshotFile.Mode);
        if (MoveSnapshots(journal.ConnectionString, journal.SnapshotConnectionString) is > 0 and var moved)
            logger.LogInformation("Snapshots: moved {Count} snapshots from {Journal} to {Snapshots}", moved, journalFile.Path, snapshotFile.Path);
    }

    private static (string Path, string? Mode) PrepareSqliteFile(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (directory is not null) Directory.CreateDirectory(directory);
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL;";
        return (builder.DataSource, pragma.ExecuteScalar() as string);
    }

    /// <summary>Akka.Persistence.Sql's snapshot table (its default table mapping; the node configures no other).</summary>
    internal const string SnapshotTable = "snapshot";

    /// <summary>
    /// A journal file written before snapshots had a file of their own holds them in its snapshot table, and the planes
    /// deleted the events those snapshots replace: left there, they would be lost to recovery. When the snapshots' file
    /// has no snapshot table yet, the table is created there as the journal's file defines it and its rows are copied,
    /// in one transaction; then they are deleted from the journal's file. Returns how many were moved.
    /// </summary>
    /// <remarks>A crash after the copy and before the delete leaves the old rows behind, unread: the next start finds
    /// the snapshots' table and moves nothing.</remarks>
    internal static int MoveSnapshots(string journalConnectionString, string snapshotConnectionString)
    {
        using var target = new SqliteConnection(snapshotConnectionString);
        target.Open();
        if (HasTable(target, "main", null)) return 0;
        using (var attach = target.CreateCommand())
        {
            attach.CommandText = "ATTACH DATABASE $file AS journal";
            attach.Parameters.AddWithValue("$file", Path.GetFullPath(new SqliteConnectionStringBuilder(journalConnectionString).DataSource));
            attach.ExecuteNonQuery();
        }
        try
        {
            int moved;
            // BEGIN IMMEDIATE: nodes sharing one SQLite file that start together take turns; the later one finds the
            // table and moves nothing.
            using (var transaction = target.BeginTransaction())
            {
                if (HasTable(target, "main", transaction) || !HasTable(target, "journal", transaction)) return 0;
                foreach (var definition in Definitions(target, transaction)) Execute(target, transaction, definition); // unqualified: into main
                moved = Execute(target, transaction, $"INSERT INTO main.\"{SnapshotTable}\" SELECT * FROM journal.\"{SnapshotTable}\"");
                transaction.Commit();
            }
            Execute(target, null, $"DELETE FROM journal.\"{SnapshotTable}\"");
            return moved;
        }
        finally
        {
            Execute(target, null, "DETACH DATABASE journal");
        }
    }

    /// <summary>The snapshot table's definition in the journal's file, then its indexes', as Akka.Persistence.Sql created them.</summary>
    private static List<string> Definitions(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var schema = connection.CreateCommand();
        schema.Transaction = transaction;
        schema.CommandText = "SELECT sql FROM journal.sqlite_master WHERE tbl_name = $table AND sql IS NOT NULL ORDER BY type = 'table' DESC";
        schema.Parameters.AddWithValue("$table", SnapshotTable);
        using var reader = schema.ExecuteReader();
        var definitions = new List<string>();
        while (reader.Read()) definitions.Add(reader.GetString(0));
        return definitions;
    }

    private static bool HasTable(SqliteConnection connection, string schema, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT count(*) FROM {schema}.sqlite_master WHERE type = 'table' AND name = $table";
        command.Parameters.AddWithValue("$table", SnapshotTable);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private static void WaitForPostgreSql(string connectionString, ILogger logger)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var deadline = DateTime.UtcNow + PostgreSqlPatience;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var connection = new NpgsqlConnection(connectionString);
                connection.Open();
                using var version = connection.CreateCommand();
                version.CommandText = "SHOW server_version";
                logger.LogInformation("Journal: PostgreSQL {Version} at {Host}:{Port}/{Database}",
                    version.ExecuteScalar(), builder.Host, builder.Port, builder.Database);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException && DateTime.UtcNow < deadline)
            {
                logger.LogWarning("Journal: PostgreSQL at {Host}:{Port} not reachable yet (attempt {Attempt}: {Error}); retrying",
                    builder.Host, builder.Port, attempt, e.Message);
                Thread.Sleep(TimeSpan.FromSeconds(1));
            }
        }
    }
}
