using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Akka.Payments.Node.Accounts;
using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Kafka.Streams;
using Akka.Payments.Node.Ops;
using Akka.Payments.Management;
using Akka.Payments.Shared.Rules;
using Microsoft.Extensions.Configuration;

namespace Akka.Payments.Node.Tests.Configuration;

public sealed partial class NodeSettingsTests
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
        // As many shards as the embedded topic has partitions, so that they can follow them when asked to.
        Assert.Equal(settings.Kafka.EmbeddedPartitions, settings.Cluster.Shards);
        Assert.Equal(ShardAllocation.LeastShards, settings.Cluster.ShardAllocation);
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
    public void Shards_can_be_asked_to_follow_the_kafka_partitions() =>
        Assert.Equal(ShardAllocation.PartitionAligned, Read(("Payments:ShardAllocation", "partitions")).Cluster.ShardAllocation);

    [Fact]
    public void The_stall_timeout_of_readiness_is_configurable()
    {
        Assert.Equal(TimeSpan.FromMinutes(3), Read(("Payments:Stream:StallTimeout", "00:03:00")).Stream.StallTimeout);
    }

    [Fact]
    public void The_failure_detector_tolerates_akkas_own_heartbeat_pause_unless_configured()
    {
        var akkas = Akka.Configuration.ConfigurationFactory
            .FromResource<Akka.Cluster.Cluster>("Akka.Cluster.Configuration.Cluster.conf") // Akka.Cluster's reference config
            .GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause");
        Assert.Equal(akkas, Read().Cluster.AcceptableHeartbeatPause);
        Assert.Equal(TimeSpan.FromSeconds(8),
            Read(("Cluster:FailureDetector:AcceptableHeartbeatPause", "00:00:08")).Cluster.AcceptableHeartbeatPause);
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
            ("Kafka:Consumer:session.timeout.ms", "6000"),
            ("Kafka:PlaneConsumer:fetch.min.bytes", "1"));
        Assert.Equal("kafka:9092", settings.Kafka.BootstrapServers);
        Assert.Equal(JournalProvider.PostgreSql, settings.Journal.Provider);
        Assert.Equal(["akka.tcp://payments@lighthouse-1:4053", "akka.tcp://payments@lighthouse-2:4053"], settings.Cluster.Seeds);
        Assert.Equal(["CHF", "EUR"], settings.Rules.AllowedCurrencies.Order());
        Assert.Equal(["KP"], settings.Rules.BlockedCountries);
        Assert.Equal(2500.50m, settings.Rules.MaxAmount);
        Assert.Equal("6000", settings.Kafka.Consumer["session.timeout.ms"]);
        Assert.Equal("1", settings.Kafka.PlaneConsumer["fetch.min.bytes"]);
        Assert.Equal("250", settings.Kafka.PlaneConsumer["fetch.wait.max.ms"]);
    }

    [Fact]
    public void A_PostgreSQL_journal_has_the_server_roll_back_a_transaction_its_node_left_idle_so_a_frozen_node_cannot_hold_the_locks_of_a_takeover()
    {
        var settings = Read(("Journal:Provider", "PostgreSQL"), ("Journal:ConnectionString", "Host=db;Database=payments"));

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(settings.Journal.ConnectionString);
        Assert.Equal("db", builder.Host);
        Assert.Equal("payments", builder.Database);
        Assert.Equal("-c idle_in_transaction_session_timeout=5000", builder.Options);
    }

    [Fact]
    public void On_SQLite_snapshots_are_kept_in_a_file_of_their_own_beside_the_journal_so_they_never_hold_its_writer()
    {
        var settings = Read();

        var journal = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings.Journal.ConnectionString);
        var snapshots = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings.Journal.SnapshotConnectionString);
        Assert.Equal(Path.Combine(settings.DataDir, "journal.snapshots.db"), snapshots.DataSource);
        Assert.Equal(journal.Pooling, snapshots.Pooling);
        Assert.Equal("Data Source=/var/payments/ledger.snapshots.sqlite;Pooling=True",
            Read(("Journal:ConnectionString", "Data Source=/var/payments/ledger.sqlite;Pooling=True")).Journal.SnapshotConnectionString);
    }

    [Fact]
    public void A_configured_snapshot_database_is_used_as_it_is_and_the_journal_file_itself_keeps_the_old_layout()
    {
        Assert.Equal("Data Source=/ssd/snaps.db",
            Read(("Journal:SnapshotConnectionString", "Data Source=/ssd/snaps.db")).Journal.SnapshotConnectionString);

        var same = Read(("Journal:ConnectionString", "Data Source=/x/j.db"), ("Journal:SnapshotConnectionString", "Data Source=/x/j.db")).Journal;
        Assert.Equal(same.ConnectionString, same.SnapshotConnectionString);
    }

    [Theory]
    [InlineData("Journal:ConnectionString")]
    [InlineData("Journal:SnapshotConnectionString")]
    public void A_SQLite_connection_string_that_does_not_parse_fails_with_its_key_named_and_its_value_not_shown(string key)
    {
        var error = Assert.Throws<ConfigurationException>(() => Read((key, "Data Source=x.db;Password=hunter2;Flavour=mint")));
        Assert.Equal(key, error.Key);
        Assert.Contains("flavour", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void An_in_memory_SQLite_journal_keeps_its_snapshots_with_its_events()
    {
        var journal = Read(("Journal:ConnectionString", "Data Source=payments;Mode=Memory;Cache=Shared")).Journal;
        Assert.Equal(journal.ConnectionString, journal.SnapshotConnectionString);
    }

    [Fact]
    public void On_PostgreSQL_snapshots_stay_in_the_journals_database_unless_configured()
    {
        var settings = Read(("Journal:Provider", "PostgreSQL"), ("Journal:ConnectionString", "Host=db;Database=payments"));
        Assert.Equal(settings.Journal.ConnectionString, settings.Journal.SnapshotConnectionString);

        var elsewhere = Read(("Journal:Provider", "PostgreSQL"), ("Journal:ConnectionString", "Host=db;Database=payments"),
            ("Journal:SnapshotConnectionString", "Host=db2;Database=snapshots"));
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(elsewhere.Journal.SnapshotConnectionString);
        Assert.Equal(("db2", "snapshots"), (builder.Host, builder.Database));
        Assert.Equal("-c idle_in_transaction_session_timeout=5000", builder.Options);
    }

    [Fact]
    public void An_idle_in_transaction_timeout_set_in_the_journal_connection_string_wins()
    {
        var settings = Read(("Journal:Provider", "PostgreSQL"),
            ("Journal:ConnectionString", "Host=db;Options=-c statement_timeout=9000 -c idle_in_transaction_session_timeout=60000"));

        Assert.Equal("-c statement_timeout=9000 -c idle_in_transaction_session_timeout=60000",
            new Npgsql.NpgsqlConnectionStringBuilder(settings.Journal.ConnectionString).Options);
    }

    [Fact]
    public void The_first_ask_waits_two_seconds_by_default_and_never_longer_than_the_longest_wait()
    {
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)),
            (Read().Stream.FirstAskTimeout, Read().Stream.AskTimeout));
        Assert.Equal(TimeSpan.FromSeconds(1), Read(("Payments:Stream:AskTimeout", "00:00:01")).Stream.FirstAskTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), Read(("Payments:Stream:FirstAskTimeout", "00:00:00.5")).Stream.FirstAskTimeout);
    }

    [Theory]
    [InlineData("Payments:ShardAllocation", "random")]
    [InlineData("Journal:Provider", "Oracle")]
    [InlineData("CLUSTER_PORT", "70000")]
    [InlineData("Payments:Stream:Parallelism", "many")]
    [InlineData("Payments:Stream:AskTimeout", "-00:00:01")]
    [InlineData("Payments:Stream:FirstAskTimeout", "-00:00:01")]
    [InlineData("Payments:Stream:FirstAskTimeout", "00:00:11")]
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
    [InlineData("Payments:Ops:DeadLetterAlertPerMinute", "-1")]
    [InlineData("Payments:Ops:DeadLetterAlertPerMinute", "sixty")]
    [InlineData("Payments:Ops:MaxStored", "10")]
    [InlineData("Cluster:FailureDetector:AcceptableHeartbeatPause", "a while")]
    [InlineData("Cluster:FailureDetector:AcceptableHeartbeatPause", "0")]
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

    [Fact]
    public void Binding_an_empty_configuration_gives_the_defaults_of_the_settings_records()
    {
        var settings = Read();
        Assert.Equal(Path.GetFullPath(NodeSettings.DefaultDataDir), settings.DataDir);
        Assert.Equal(Describe(new KafkaSettings()), Describe(settings.Kafka));
        Assert.Equal(Describe(new ClusterSettings()), Describe(settings.Cluster));
        Assert.Equal(new StreamSettings(), settings.Stream);
        Assert.Equal(AccountEntitySettings.Default, settings.Accounts);
        Assert.Equal(Describe(PaymentRules.Default), Describe(settings.Rules));
        Assert.Equal(JournalSettings.DefaultProvider, settings.Journal.Provider);
        Assert.Equal(JournalSettings.DefaultGroupCommitWindow, settings.Journal.GroupCommitWindow);
        Assert.Equal(JournalSettings.DefaultStartTimeout, settings.Journal.StartTimeout);
        Assert.Equal(OpsSettings.Default, settings.Ops);
    }

    [Fact]
    public void The_dead_letter_alert_threshold_is_configurable_and_0_turns_it_off()
    {
        Assert.Equal(60, Read().Ops.DeadLetterAlertPerMinute);
        Assert.Equal(500, Read(("Payments:Ops:DeadLetterAlertPerMinute", "500")).Ops.DeadLetterAlertPerMinute);
        Assert.Equal(0, Read(("Payments:Ops:DeadLetterAlertPerMinute", "0")).Ops.DeadLetterAlertPerMinute);
    }

    [Fact]
    public void The_ops_planes_store_keeps_ten_thousand_dead_letters_unless_configured()
    {
        Assert.Equal(10_000, Read().DeadLetterStore.MaxStored);
        Assert.Equal(250_000, Read(("Payments:Ops:MaxStored", "250000")).DeadLetterStore.MaxStored);
    }

    [Fact]
    public void The_stream_commits_with_the_committers_own_defaults()
    {
        var stream = new StreamSettings();
        Assert.Equal(CommitterSettings.Default.MaxBatch, stream.CommitBatch);
        Assert.Equal(CommitterSettings.Default.MaxInterval, stream.CommitInterval);
    }

    [Fact]
    public void Every_value_in_appsettings_json_is_the_default_it_documents()
    {
        var defaults = Bound([]);
        var differing = SettingsIn(AppSettingsJson())
            .Where(setting => Bound(setting.Values) != defaults)
            .Select(setting => $"{setting.Key} = {string.Join(",", setting.Values.Select(v => v.Value))}")
            .ToList();
        Assert.Empty(differing);
    }

    [Fact]
    public void Every_key_in_appsettings_json_is_read_by_the_node()
    {
        var defaults = Bound([]);
        var unread = new List<string>();
        foreach (var setting in SettingsIn(AppSettingsJson()))
        {
            // A value no setting accepts as it is: the node either refuses it naming the key, or reads something else.
            var changed = setting.Values.Select(v => KeyValuePair.Create(v.Key, (string?)"not-the-default")).ToList();
            try
            {
                if (Bound(changed) == defaults) unread.Add(setting.Key);
            }
            catch (ConfigurationException e) when (e.Key == setting.Key) { }
            catch (InvalidManagementSettingException e) when (e.Key == setting.Key) { }
        }
        Assert.Empty(unread);
    }

    private static IConfiguration AppSettingsJson() =>
        new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false).Build();

    /// <summary>The file's settings, each with its values (a list's items together); <c>Logging</c> is .NET's own.</summary>
    private static IEnumerable<(string Key, List<KeyValuePair<string, string?>> Values)> SettingsIn(IConfiguration file) =>
        file.AsEnumerable()
            .Where(kv => kv.Value is not null && !kv.Key.StartsWith("Logging", StringComparison.Ordinal))
            .GroupBy(kv => ListItem().Replace(kv.Key, ""))
            .Select(g => (g.Key, g.ToList()));

    [GeneratedRegex(@"(:\d+)+$")]
    private static partial Regex ListItem();

    /// <summary>What a node binds from these values alone (management included), as comparable text.</summary>
    private static string Bound(IEnumerable<KeyValuePair<string, string?>> values)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return Describe(NodeSettings.From(config)) + Describe(ManagementOptions.From(config, NodeSettings.DefaultDataDir));
    }

    /// <summary>JSON with members and list items in order, so that two sets with the same items read the same.</summary>
    private static string Describe(object value) => Sorted(JsonSerializer.SerializeToNode(value))?.ToJsonString() ?? "null";

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).OrderBy(n => n?.ToJsonString(), StringComparer.Ordinal).ToArray()),
        _ => node?.DeepClone(),
    };
}
