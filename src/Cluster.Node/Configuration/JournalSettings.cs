using LinqToDB;

namespace Akka.Payments.Node.Configuration;

public enum JournalProvider { Sqlite, PostgreSql }

/// <summary>
/// Where account events are journaled (<c>Journal:Provider</c>, <c>Journal:ConnectionString</c>), and how long the
/// journal gathers writes into one transaction (<c>Journal:GroupCommitWindow</c>, 0 for one transaction per write), and
/// how long the journal has at start to prove it works (<c>Journal:StartTimeout</c>).
/// </summary>
public sealed record JournalSettings(JournalProvider Provider, string ConnectionString, TimeSpan GroupCommitWindow, TimeSpan StartTimeout)
{
    public static readonly TimeSpan DefaultGroupCommitWindow = TimeSpan.FromMilliseconds(2);
    public static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(30);
    public const JournalProvider DefaultProvider = JournalProvider.Sqlite;

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
        var window = reader.Duration("Journal:GroupCommitWindow", DefaultGroupCommitWindow, zeroAllowed: true);
        if (window > TimeSpan.FromSeconds(1))
            throw new ConfigurationException("Journal:GroupCommitWindow", window.ToString(), "at most one second");
        var startTimeout = reader.Duration("Journal:StartTimeout", DefaultStartTimeout);
        return new JournalSettings(provider, connectionString, window, startTimeout);
    }
}
