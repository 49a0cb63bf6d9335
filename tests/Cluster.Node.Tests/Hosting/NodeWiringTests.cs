using Akka.Configuration;
using Akka.Payments.Node.Accounts;
using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Hosting;
using Akka.Payments.Node.Journal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Tests.Hosting;

public sealed class NodeWiringTests
{
    [Fact]
    public void The_journal_metrics_are_registered_by_the_node_wiring_itself_without_management()
    {
        var settings = NodeSettings.From(new ConfigurationBuilder().Build());
        var services = new ServiceCollection().AddLogging().AddPaymentsNode(settings);
        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetRequiredService<JournalWriteLatency>());
        Assert.NotNull(provider.GetRequiredService<GroupCommitStats>());
    }

    [Theory]
    [InlineData("akka.persistence.journal.sql")]
    [InlineData("akka.persistence.snapshot-store.sql")]
    public void The_stores_circuit_breakers_try_the_database_again_within_seconds_of_an_outage_not_after_Akkas_30_to_60_s(string store)
    {
        var settings = NodeSettings.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Journal:Provider"] = "PostgreSQL",
            ["Journal:ConnectionString"] = "Host=db",
        }).Build());
        var config = ConfigurationFactory.ParseString(JournalWiring.Tuning(settings.Journal))
            .WithFallback(Akka.Persistence.Persistence.DefaultConfig());

        Assert.Equal(TimeSpan.FromSeconds(2), config.GetTimeSpan($"{store}.circuit-breaker.reset-timeout"));
    }

    [Fact]
    public void The_snapshot_store_is_the_one_that_answers_the_requests_its_half_open_breaker_refuses()
    {
        var settings = NodeSettings.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Journal:Provider"] = "PostgreSQL",
            ["Journal:ConnectionString"] = "Host=db",
        }).Build());
        var config = ConfigurationFactory.ParseString(JournalWiring.Tuning(settings.Journal));

        Assert.Equal(typeof(AnsweringSnapshotStore).AssemblyQualifiedName, config.GetString("akka.persistence.snapshot-store.sql.class"));
    }

    [Fact]
    public void The_snapshot_store_writes_to_the_snapshot_database_and_the_journal_to_its_own()
    {
        var settings = NodeSettings.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Journal:ConnectionString"] = "Data Source=/data/journal.db",
        }).Build());
        var config = ConfigurationFactory.ParseString(JournalWiring.Tuning(settings.Journal));

        Assert.Equal("Data Source=/data/journal.snapshots.db", config.GetString("akka.persistence.snapshot-store.sql.connection-string"));
        Assert.False(config.HasPath("akka.persistence.journal.sql.connection-string")); // the journal's comes from WithSqlPersistence
    }
}
