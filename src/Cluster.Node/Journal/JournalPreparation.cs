using Akka.Payments.Node.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Akka.Payments.Node.Journal;

/// <summary>Gets the journal's database ready before Akka.Persistence.Sql creates its tables in it.</summary>
public static class JournalPreparation
{
    /// <summary>
    /// SQLite: creates the file's folder and switches the file to write-ahead logging (a property of the file, kept
    /// across connections; there is no connection-string option for it). PostgreSQL: nothing to do.
    /// </summary>
    public static void Prepare(JournalSettings journal, ILogger logger)
    {
        if (journal.Provider != JournalProvider.Sqlite) return;
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
}
