using Akka.Payments.Node.Kafka.Embedded;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace Akka.Payments.Node.Tests.EndToEnd;

/// <summary>
/// The whole spine with every part real: a node process, the embedded Kafka (hosted by the test) and a SQLite journal
/// file. 10,000+ payments over 200+ accounts, with credits and malformed records; the outcomes are checked against
/// an independent reference model.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PaymentFlowEndToEndSpec(ITestOutputHelper output) : IDisposable
{
    private const int Partitions = 12;
    private const int Accounts = 200;
    private const int Payments = 10_000;
    private const int Malformed = 24;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly EmbeddedKafka _kafka = StartKafka();
    private readonly string _dataDir = Directory.CreateTempSubdirectory("payments-e2e-").FullName;
    private readonly List<ScenarioRecord> _scenario = PaymentScenario.Generate(Accounts, Payments, Malformed);

    private static EmbeddedKafka StartKafka()
    {
        var kafka = EmbeddedKafka.Start(brokers: 3);
        foreach (var topic in Topics.Core) kafka.CreateTopic(topic, Partitions);
        return kafka;
    }

    private NodeProcess StartNode(string name, params (string Key, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["Kafka__BootstrapServers"] = _kafka.BootstrapServers,
            ["Payments__DataDir"] = _dataDir,
            ["Kafka__Consumer__session.timeout.ms"] = "6000",
            ["Kafka__Consumer__heartbeat.interval.ms"] = "500",
            ["Logging__LogLevel__Default"] = "Information",
        };
        foreach (var (key, value) in extra) environment[key] = value;
        return NodeProcess.Start(name, environment, output);
    }

    private void Produce(IEnumerable<ScenarioRecord> records)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            EnableIdempotence = true,
            LingerMs = 5,
        }).Build();
        foreach (var record in records) producer.Produce(Topics.Requested, record.Message);
        producer.Flush(TimeSpan.FromSeconds(60));
    }

    private ReferenceModel Model() => OutcomeChecks.Model(_scenario);

    private bool AllAccountedFor(TopicReader reader, ReferenceModel model) =>
        reader.DistinctRequests >= model.Decided.Count && reader.DeadLetters.Select(d => d.Key).Distinct().Count() >= Malformed;

    [Fact]
    public async Task Every_payment_gets_exactly_one_outcome_that_matches_the_reference_model()
    {
        var model = Model();
        Produce(_scenario);
        using var node = StartNode("node");
        using var reader = new TopicReader(_kafka.BootstrapServers, Partitions);

        Assert.True(reader.ReadUntil(r => AllAccountedFor(r, model), Patience),
            $"only {reader.DistinctRequests}/{model.Decided.Count} outcomes and {reader.DeadLetters.Count}/{Malformed} dead letters arrived");

        OutcomeChecks.AssertOutcomesMatch(_scenario, reader, model);
        OutcomeChecks.AssertDeadLetters(_scenario, reader);
        Assert.Equal(0, await node.Terminate(TimeSpan.FromSeconds(60)));
        Assert.Contains(node.Lines, l => l.Contains("Payment stream stopped"));
    }

    [Fact]
    public async Task A_node_killed_mid_stream_and_restarted_ends_as_if_uninterrupted()
    {
        var model = Model();
        var half = _scenario.Count / 2;
        using var reader = new TopicReader(_kafka.BootstrapServers, Partitions);

        // First half, with a node that commits nothing before it is killed: everything it did is redelivered.
        Produce(_scenario.Take(half));
        using (var first = StartNode("node-1", ("Payments__Stream__CommitInterval", "01:00:00"), ("Payments__Stream__CommitBatch", "100000")))
        {
            var firstInputs = _scenario.Take(half).Count(r => r.Input is not null);
            Assert.True(reader.ReadUntil(r => r.Outcomes.Count >= firstInputs / 3, Patience), "the first node made no progress");
            await first.Kill();
        }
        var beforeCrash = reader.Outcomes.Count;
        output.WriteLine($"killed node-1 after {beforeCrash} outcomes");

        // The rest of the load arrives while no node runs; a new node takes over the same journal and group.
        Produce(_scenario.Skip(half));
        using var second = StartNode("node-2");
        Assert.True(reader.ReadUntil(r => AllAccountedFor(r, model), Patience),
            $"only {reader.DistinctRequests}/{model.Decided.Count} outcomes and {reader.DeadLetters.Count}/{Malformed} dead letters arrived");

        OutcomeChecks.AssertOutcomesMatch(_scenario, reader, model);
        OutcomeChecks.AssertDeadLetters(_scenario, reader);
        var reEmitted = reader.Outcomes.Count - reader.DistinctRequests;
        output.WriteLine($"{reEmitted} outcomes were re-emitted for redelivered records");
        Assert.True(reEmitted > 0, "the crash should have left uncommitted records to redeliver");
        Assert.Equal(0, await second.Terminate(TimeSpan.FromSeconds(60)));
    }

    public void Dispose()
    {
        _kafka.Dispose();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";
}
