using Akka.Payments.Node.Configuration;
using Akka.Payments.Shared.Rules;
using Microsoft.Extensions.Configuration;

namespace Akka.Payments.Node.Tests.Configuration;

public sealed class NodeSettingsTests
{
    private static NodeSettings Read(params (string Key, string Value)[] values) =>
        NodeSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void Without_configuration_a_node_runs_on_the_embedded_defaults()
    {
        var settings = Read();
        Assert.True(settings.Kafka.IsEmbedded);
        Assert.Equal(3, settings.Kafka.EmbeddedBrokers);
        Assert.Equal(12, settings.Kafka.EmbeddedPartitions);
        Assert.Equal(JournalProvider.Sqlite, settings.Journal.Provider);
        Assert.Equal(JournalSettings.DefaultGroupCommitWindow, settings.Journal.GroupCommitWindow);
        Assert.Equal(Path.GetFullPath("./data"), settings.DataDir);
        Assert.Contains(Path.Combine(settings.DataDir, "journal.db"), settings.Journal.ConnectionString);
        Assert.Empty(settings.Cluster.Seeds);
        Assert.Equal(PaymentRules.Default.MaxAmount, settings.Rules.MaxAmount);
        Assert.Equal(TimeSpan.FromDays(30), settings.Accounts.IdempotencyRetention);
        Assert.Equal(PaymentRules.Default.AllowedCurrencies.Order(), settings.Rules.AllowedCurrencies.Order());
        Assert.Equal(TimeSpan.FromSeconds(60), settings.Stream.StallTimeout);
    }

    [Fact]
    public void The_stall_timeout_of_readiness_is_configurable()
    {
        Assert.Equal(TimeSpan.FromMinutes(3), Read(("Payments:Stream:StallTimeout", "00:03:00")).Stream.StallTimeout);
    }

    [Fact]
    public void A_group_commit_window_of_zero_turns_grouping_off()
    {
        Assert.Equal(TimeSpan.Zero, Read(("Journal:GroupCommitWindow", "00:00:00")).Journal.GroupCommitWindow);
    }

    [Fact]
    public void Configured_values_override_the_defaults()
    {
        var settings = Read(
            ("Kafka:BootstrapServers", "kafka:9092"),
            ("Journal:Provider", "PostgreSQL"),
            ("Journal:ConnectionString", "Host=db;Database=payments"),
            ("CLUSTER_SEEDS", "akka.tcp://payments@lighthouse-1:4053, akka.tcp://payments@lighthouse-2:4053"),
            ("Rules:AllowedCurrencies", "EUR,CHF"),
            ("Rules:BlockedCountries:0", "KP"),
            ("Rules:MaxAmount", "2500.50"),
            ("Kafka:Consumer:session.timeout.ms", "6000"));
        Assert.Equal("kafka:9092", settings.Kafka.BootstrapServers);
        Assert.Equal(JournalProvider.PostgreSql, settings.Journal.Provider);
        Assert.Equal(["akka.tcp://payments@lighthouse-1:4053", "akka.tcp://payments@lighthouse-2:4053"], settings.Cluster.Seeds);
        Assert.Equal(["CHF", "EUR"], settings.Rules.AllowedCurrencies.Order());
        Assert.Equal(["KP"], settings.Rules.BlockedCountries);
        Assert.Equal(2500.50m, settings.Rules.MaxAmount);
        Assert.Equal("6000", settings.Kafka.Consumer["session.timeout.ms"]);
    }

    [Theory]
    [InlineData("Journal:Provider", "Oracle")]
    [InlineData("CLUSTER_PORT", "70000")]
    [InlineData("Payments:Stream:Parallelism", "many")]
    [InlineData("Payments:Stream:AskTimeout", "-00:00:01")]
    [InlineData("Rules:AllowedCurrencies", "EUR,euro")]
    [InlineData("Rules:MaxAmount", "-5")]
    [InlineData("Journal:GroupCommitWindow", "-00:00:00.002")]
    [InlineData("Journal:GroupCommitWindow", "00:00:05")]
    [InlineData("Journal:StartTimeout", "0")]
    [InlineData("Payments:Accounts:IdempotencyRetention", "01:00:00")]
    [InlineData("Payments:Accounts:IdempotencyRetention", "a month")]
    [InlineData("Payments:Stream:StallTimeout", "soon")]
    [InlineData("Payments:Stream:StallTimeout", "-00:00:30")]
    [InlineData("Payments:Stream:StallTimeout", "0")]
    public void A_bad_value_fails_with_the_key_named(string key, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => Read((key, value)));
        Assert.Equal(key, error.Key);
        Assert.Contains(key, error.Message);
        Assert.Contains(value, error.Message);
        Assert.Contains(key.Replace(":", "__"), error.Message);
    }

    [Fact]
    public void PostgreSQL_without_a_connection_string_fails_with_the_key_named()
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(("Journal:Provider", "PostgreSQL")));
        Assert.Equal("Journal:ConnectionString", error.Key);
    }
}
