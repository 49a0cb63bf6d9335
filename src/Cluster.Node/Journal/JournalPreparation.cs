using Akka.Payments.Node.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Akka.Payments.Node.Journal;

/// <summary>Gets the journal's database ready before Akka.Persistence.Sql creates its tables in it.</summary>
public static class JournalPreparation
{
    /// <summary>How long a node waits for PostgreSQL at start (in a Swarm the database may come up after the node).</summary>
    public static readonly TimeSpan PostgreSqlPatience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// SQLite: creates the file's folder and switches the file to write-ahead logging (a property of the file, kept
    /// across connections; there is no connection-string option for it). PostgreSQL: waits until the database
    /// answers. In both cases Akka.Persistence.Sql then creates its tables when the ActorSystem starts.
    /// </summary>
    public static void Prepare(JournalSettings journal, ILogger logger)
    {
        if (journal.Provider == JournalProvider.PostgreSql)
        {
            WaitForPostgreSql(journal.ConnectionString, logger);
            return;
        }
        var builder = new SqliteConnectionStringBuilder(journal.ConnectionString);
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (directory is not null) Directory.CreateDirectory(directory);
        using var connection = new SqliteConnection(journal.ConnectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL;";
        var mode = pragma.ExecuteScalar() as string;
        logger.LogInformation("Journal: SQLite at {Path} (journal_mode={Mode})", builder.DataSource, mode);
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
