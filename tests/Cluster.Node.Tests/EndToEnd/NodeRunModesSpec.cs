using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace Akka.Payments.Node.Tests.EndToEnd;

/// <summary>The node's run modes as a user meets them: on the embedded defaults, in demo mode, with a bad setting.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class NodeRunModesSpec(ITestOutputHelper output) : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("payments-modes-").FullName;

    private Dictionary<string, string> Environment(params (string Key, string Value)[] extra)
    {
        var environment = new Dictionary<string, string> { ["Payments__DataDir"] = _dataDir };
        foreach (var (key, value) in extra) environment[key] = value;
        return environment;
    }

    [Fact]
    public async Task A_node_on_the_embedded_defaults_publishes_its_bootstrap_and_serves_any_kafka_client()
    {
        using var node = NodeProcess.Start("node", Environment(), output);
        await node.WaitUntilReady(TimeSpan.FromSeconds(60));
        var bootstrap = (await File.ReadAllTextAsync(Path.Combine(_dataDir, "kafka.bootstrap"))).Trim();
        Assert.Contains(node.Lines, l => l.Contains($"Embedded Kafka bootstrap: {bootstrap}"));

        // A plain client, knowing nothing but the bootstrap string, produces a credit and reads its outcome.
        var credit = new AccountCredited("credit-1", "acct-any", 12.34m, "EUR", DateTimeOffset.UtcNow);
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrap }).Build())
            await producer.ProduceAsync(Topics.Requested, KafkaCloudEventEncoder.Binary(credit, "ce-any-1", "/test", DateTimeOffset.UtcNow));
        using (var reader = new TopicReader(bootstrap, partitions: 12))
        {
            Assert.True(reader.ReadUntil(r => r.Outcomes.Count > 0, TimeSpan.FromSeconds(60)), "no outcome arrived");
            var applied = Assert.IsType<CreditApplied>(Assert.Single(reader.Outcomes).Outcome);
            Assert.Equal(12.34m, applied.BalanceAfter);
        }

        Assert.Equal(0, await node.Terminate(TimeSpan.FromSeconds(60)));
        Assert.False(File.Exists(Path.Combine(_dataDir, "kafka.bootstrap")), "the bootstrap file outlived the embedded Kafka");
    }

    [Fact]
    public async Task A_node_whose_shard_count_is_not_the_input_topics_partition_count_warns_at_start_and_still_serves()
    {
        // Shards follow partitions only when there are as many of each: here 12 partitions (the embedded default), 5 shards.
        using var node = NodeProcess.Start("node", Environment(
            ("Payments__ShardAllocation", "partitions"), ("Payments__Shards", "5")), output);
        await node.WaitUntilReady(TimeSpan.FromSeconds(60));

        Assert.Contains(node.Lines, l => l.Contains($"Topic {Topics.Requested} has 12 partitions but Payments:Shards is 5")
            && l.Contains("Set Payments:Shards to 12"));
        Assert.Equal(0, await node.Terminate(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task The_demo_accounts_for_every_record_and_prints_a_summary()
    {
        using var demo = NodeProcess.Start("demo", Environment(), output,
            "demo", "--accounts", "20", "--payments", "400", "--rate", "400", "--bad", "8");
        var exitCode = await demo.WaitForExit(TimeSpan.FromMinutes(2));
        Assert.Equal(0, exitCode);
        var text = string.Join('\n', demo.Lines);
        Assert.Contains("Every record is accounted for.", text);
        Assert.Contains("420 / 420", text); // 20 credits + 400 payments
        Assert.Contains("8 / 8", text);
        foreach (var reason in DeadLetterReasons.All) Assert.Contains($"dead-lettered: {reason}", text);
        Assert.Contains("The trust plane's totals equal the demo's own count.", text);
    }

    [Fact]
    public async Task A_bad_demo_argument_prints_the_usage_and_exits_non_zero()
    {
        using var demo = NodeProcess.Start("demo", Environment(), output, "demo", "--payments", "lots");
        var exitCode = await demo.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.Equal(2, exitCode);
        Assert.Contains(demo.Lines, l => l.Contains("--payments must be a whole number"));
        Assert.Contains(demo.Lines, l => l.Contains("Usage: Cluster.Node demo"));
    }

    [Fact]
    public async Task A_bad_setting_stops_the_node_at_start_with_the_key_named()
    {
        using var node = NodeProcess.Start("node", Environment(("Journal__Provider", "Oracle")), output);
        var exitCode = await node.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.Equal(2, exitCode);
        Assert.Contains(node.Lines, l => l.Contains("Journal:Provider='Oracle'") && l.Contains("Journal__Provider"));
    }

    [Fact]
    public async Task A_journal_that_cannot_start_stops_the_node_before_it_takes_payments()
    {
        // A journal database holding a foreign table where the journal's own belongs: Akka.Persistence.Sql cannot
        // create its indexes and retries its initialization forever.
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dataDir, "journal.db")};Pooling=False"))
        {
            db.Open();
            using var foreign = db.CreateCommand();
            foreign.CommandText = "CREATE TABLE tags (unrelated INTEGER)";
            foreign.ExecuteNonQuery();
        }

        using var node = NodeProcess.Start("node", Environment(("Journal__StartTimeout", "00:00:05")), output);
        Assert.Equal(1, await node.WaitForExit(TimeSpan.FromMinutes(2)));
        Assert.Contains(node.Lines, l => l.StartsWith("The node stopped: the journal did not start within 5 s", StringComparison.Ordinal));
        Assert.DoesNotContain(node.Lines, l => l.Contains("Payment stream started"));
    }

    [Fact]
    public async Task A_busy_management_port_stops_the_node_with_one_line_naming_the_setting()
    {
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((System.Net.IPEndPoint)squatter.LocalEndpoint).Port;
        using var node = NodeProcess.Start("node", Environment(("Management__Url", $"http://127.0.0.1:{port}")), output);
        Assert.Equal(1, await node.WaitForExit(TimeSpan.FromMinutes(2)));
        Assert.Contains(node.Lines, l => l.StartsWith("The node stopped:") && l.Contains("Management:Url"));
        Assert.DoesNotContain(node.Lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }
}
