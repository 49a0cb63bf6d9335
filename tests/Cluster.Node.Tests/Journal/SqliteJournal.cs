using Akka.Configuration;
using Akka.Payments.Node.Journal;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace Akka.Payments.Node.Tests.Journal;

/// <summary>A real SQLite journal and snapshot store for a spec, in a write-ahead-logged file of its own.</summary>
public static class SqliteJournal
{
    /// <param name="name">Prefix of the database file, in this run's folder under the temp folder.</param>
    /// <param name="journalSettings">Extra HOCON inside the journal plugin's section.</param>
    public static Config Config(string name, string journalSettings = "") => ConfigFor(NewDatabase(name), journalSettings);

    /// <summary>This test run's database files: a folder of its own under the temp folder, deleted when the run's
    /// process exits (a run creates about seventy).</summary>
    private static readonly Lazy<string> Folder = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("payments-spec-journals-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { } // a file still held open: the folder stays
            catch (UnauthorizedAccessException) { }
        };
        return folder;
    });

    /// <summary>A new database file for one spec; its connection string.</summary>
    public static string NewDatabase(string name)
    {
        var connection = $"Data Source={Path.Combine(Folder.Value, $"{name}-{Guid.NewGuid():N}.db")};Pooling=True";
        using var db = new SqliteConnection(connection);
        db.Open();
        using var wal = db.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode=WAL;";
        wal.ExecuteNonQuery();
        return connection;
    }

    /// <summary>The journal and snapshot store on an existing database: several actor systems may share it, as nodes do.</summary>
    public static Config ConfigFor(string connection, string journalSettings = "")
    {
        return ConfigurationFactory.ParseString($$"""
            akka.persistence.journal.plugin = "akka.persistence.journal.sql"
            akka.persistence.journal.sql {
                connection-string = "{{connection}}"
                provider-name = "SQLite.MS"
                auto-initialize = on
                {{journalSettings}}
            }
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
            akka.persistence.snapshot-store.sql {
                connection-string = "{{connection}}"
                provider-name = "SQLite.MS"
                auto-initialize = on
            }
            # The first write creates the journal's tables; other specs share the two cores meanwhile.
            akka.test.single-expect-default = 15s
            """).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    /// <summary>Writes request-index rows directly, as rows a database may hold from before (no event commits with them).</summary>
    public static void InsertIndexRows(string connection, params RequestIndexEntry[] entries)
    {
        using var db = new SqliteConnection(connection);
        db.Open();
        foreach (var entry in entries)
        {
            using var insert = db.CreateCommand();
            insert.CommandText = $"INSERT OR REPLACE INTO {RequestIndex.TableName} (persistence_id, request_key, sequence_nr, decided_at) VALUES ($p, $k, $s, $t)";
            insert.Parameters.AddWithValue("$p", entry.PersistenceId);
            insert.Parameters.AddWithValue("$k", entry.RequestKey);
            insert.Parameters.AddWithValue("$s", entry.SequenceNr);
            insert.Parameters.AddWithValue("$t", entry.DecidedAt.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
        }
    }
}
