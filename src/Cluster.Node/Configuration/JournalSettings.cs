using LinqToDB;

namespace Akka.Payments.Node.Configuration;

public enum JournalProvider { Sqlite, PostgreSql }

/// <summary>Where account events are journaled (<c>Journal:Provider</c>, <c>Journal:ConnectionString</c>).</summary>
public sealed record JournalSettings(JournalProvider Provider, string ConnectionString)
{
    /// <summary>The linq2db provider name Akka.Persistence.Sql expects.</summary>
    public string LinqProviderName => Provider switch
    {
        JournalProvider.Sqlite => ProviderName.SQLiteMS,
        JournalProvider.PostgreSql => ProviderName.PostgreSQL15,
        _ => throw new InvalidOperationException(),
    };

    internal static JournalSettings From(SettingsReader reader, string dataDir)
    {
        var configured = reader.String("Journal:Provider", "Sqlite");
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
        return new JournalSettings(provider, connectionString);
    }
}
