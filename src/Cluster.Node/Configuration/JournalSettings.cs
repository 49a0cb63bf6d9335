using LinqToDB;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Akka.Payments.Node.Configuration;

public enum JournalProvider { Sqlite, PostgreSql }

/// <summary>
/// Where account events are journaled (<c>Journal:Provider</c>, <c>Journal:ConnectionString</c>), where snapshots are
/// stored (<c>Journal:SnapshotConnectionString</c>), how long the journal gathers writes into one transaction
/// (<c>Journal:GroupCommitWindow</c>, 0 for one transaction per write), and how long the journal has at start to prove
/// it works (<c>Journal:StartTimeout</c>).
/// </summary>
public sealed record JournalSettings(JournalProvider Provider, string ConnectionString, TimeSpan GroupCommitWindow, TimeSpan StartTimeout)
{
    private readonly string? _snapshotConnectionString;

    /// <summary>
    /// Where the snapshot store keeps its snapshots, with the journal's provider. By default on SQLite a file of its own
    /// beside the journal's (<see cref="SnapshotFileBeside"/>): SQLite takes one writer per file, and a plane's snapshot
    /// (tens of MB) held it while every account's group commit waited. On PostgreSQL the journal's database.
    /// </summary>
    public string SnapshotConnectionString
    {
        get => _snapshotConnectionString ?? ConnectionString;
        init => _snapshotConnectionString = value;
    }

    public static readonly TimeSpan DefaultGroupCommitWindow = TimeSpan.FromMilliseconds(2);
    public static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(30);
    public const JournalProvider DefaultProvider = JournalProvider.Sqlite;

    /// <summary>
    /// How long PostgreSQL keeps a journal connection's transaction open while the node sends nothing
    /// (<c>idle_in_transaction_session_timeout</c>), unless the connection string's <c>Options</c> set it. A node frozen
    /// mid-transaction (a long GC pause, a stopped VM, SIGSTOP) holds the row locks of the events it was writing; the
    /// node that takes its accounts over writes the same (persistence id, sequence number) and would wait on those locks
    /// for as long as the freeze lasts, with every other write of its group commit. Past this timeout the server rolls
    /// the frozen transaction back and the takeover goes on. Far above a healthy transaction's gaps (the journal sends its
    /// statements back to back) and below the time a cluster takes to down a frozen node (SBR's stable-after, 20 s by
    /// default).
    /// </summary>
    public static readonly TimeSpan IdleInTransactionTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The linq2db provider name Akka.Persistence.Sql expects.</summary>
    public string LinqProviderName => Provider switch
    {
        JournalProvider.Sqlite => ProviderName.SQLiteMS,
        JournalProvider.PostgreSql => ProviderName.PostgreSQL15,
        _ => throw new InvalidOperationException(),
    };

    internal static JournalSettings From(SettingsReader reader, string dataDir)
    {
        var configured = reader.String("Journal:Provider", DefaultProvider.ToString());
        var provider = configured.ToLowerInvariant() switch
        {
            "sqlite" => JournalProvider.Sqlite,
            "postgresql" or "postgres" => JournalProvider.PostgreSql,
            _ => throw new ConfigurationException("Journal:Provider", configured, "Sqlite or PostgreSQL"),
        };
        var connectionString = reader.OptionalString("Journal:ConnectionString");
        if (connectionString is null)
        {
            if (provider == JournalProvider.PostgreSql)
                throw new ConfigurationException("Journal:ConnectionString", "", "a PostgreSQL connection string when Journal:Provider is PostgreSQL");
            connectionString = $"Data Source={Path.Combine(dataDir, "journal.db")};Pooling=True";
        }
        var snapshots = reader.OptionalString("Journal:SnapshotConnectionString") is { } configuredSnapshots
            ? CheckedSqlite(provider, configuredSnapshots)
            : provider == JournalProvider.Sqlite ? SnapshotFileBeside(connectionString) : connectionString;
        if (provider == JournalProvider.PostgreSql)
        {
            connectionString = WithIdleInTransactionTimeout(connectionString);
            snapshots = WithIdleInTransactionTimeout(snapshots, "Journal:SnapshotConnectionString");
        }
        var window = reader.Duration("Journal:GroupCommitWindow", DefaultGroupCommitWindow, zeroAllowed: true);
        if (window > TimeSpan.FromSeconds(1))
            throw new ConfigurationException("Journal:GroupCommitWindow", window.ToString(), "at most one second");
        var startTimeout = reader.Duration("Journal:StartTimeout", DefaultStartTimeout);
        return new JournalSettings(provider, connectionString, window, startTimeout) { SnapshotConnectionString = snapshots };
    }

    private static string CheckedSqlite(JournalProvider provider, string connectionString)
    {
        if (provider == JournalProvider.Sqlite) _ = SqliteBuilder(connectionString, "Journal:SnapshotConnectionString");
        return connectionString;
    }

    /// <summary>The SQLite connection string parsed; one that does not parse fails with <paramref name="key"/> named and
    /// its value not shown (it may hold a password).</summary>
    private static SqliteConnectionStringBuilder SqliteBuilder(string connectionString, string key)
    {
        try
        {
            return new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException(key, "(not shown)", $"a SQLite connection string ({e.Message})");
        }
    }

    /// <summary>
    /// The SQLite journal's connection string pointed at a file beside the journal's, named after it:
    /// <c>journal.db</c> gives <c>journal.snapshots.db</c>. An in-memory database has no file to be beside: it keeps
    /// its snapshots with its events.
    /// </summary>
    internal static string SnapshotFileBeside(string journalConnectionString)
    {
        var builder = SqliteBuilder(journalConnectionString, "Journal:ConnectionString");
        var file = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(file) || file == ":memory:") return journalConnectionString;
        var name = Path.GetFileNameWithoutExtension(file) + ".snapshots" + Path.GetExtension(file);
        builder.DataSource = Path.Combine(Path.GetDirectoryName(file) ?? "", name);
        return builder.ConnectionString;
    }

    /// <summary>The PostgreSQL connection string with <see cref="IdleInTransactionTimeout"/> added to its
    /// <c>Options</c>, unless they set <c>idle_in_transaction_session_timeout</c> already.</summary>
    internal static string WithIdleInTransactionTimeout(string connectionString, string key = "Journal:ConnectionString")
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException(key, "(not shown)", $"a PostgreSQL connection string ({e.Message})");
        }
        if (builder.Options?.Contains("idle_in_transaction_session_timeout", StringComparison.OrdinalIgnoreCase) == true)
            return connectionString;
        var option = $"-c idle_in_transaction_session_timeout={(long)IdleInTransactionTimeout.TotalMilliseconds}";
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? option : $"{builder.Options} {option}";
        return builder.ConnectionString;
    }
}
