using System.Diagnostics;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Kafka.Embedded;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace Akka.Payments.Node.Tests.EndToEnd;

/// <summary>
/// Every input of <see cref="HostileCorpus"/>, sent as raw bytes by an outside producer to a real node with the
/// embedded Kafka: each ends as exactly one dead letter with the expected reason (or one outcome), and a normal
/// payment sent right after it on the same partition is decided within seconds.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class HostileInputEndToEndSpec(ITestOutputHelper output) : IDisposable
{
    private const int Partitions = 3;
    private static readonly TimeSpan NodeStart = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    private readonly EmbeddedKafka _kafka = StartKafka();
    private readonly string _dataDir = Directory.CreateTempSubdirectory("payments-hostile-").FullName;

    private static EmbeddedKafka StartKafka()
    {
        var kafka = EmbeddedKafka.Start(brokers: 1);
        foreach (var topic in Topics.Core) kafka.CreateTopic(topic, Partitions);
        return kafka;
    }

    [Fact]
    public async Task Each_hostile_record_ends_as_one_dead_letter_or_outcome_and_the_next_payment_is_decided_within_seconds()
    {
        using var node = NodeProcess.Start("node", new Dictionary<string, string>
        {
            ["Kafka__BootstrapServers"] = _kafka.BootstrapServers,
            ["Payments__DataDir"] = _dataDir,
            ["Kafka__Consumer__session.timeout.ms"] = "6000",
            ["Kafka__Consumer__heartbeat.interval.ms"] = "500",
            ["Logging__LogLevel__Default"] = "Warning",
        }, output);
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers, LingerMs = 0 }).Build();
        using var reader = new TopicReader(_kafka.BootstrapServers, Partitions);

        // A first normal payment on every partition: the node is up and consuming.
        for (var p = 0; p < Partitions; p++) await SendNormal(producer, p, $"warm-up-{p}");
        Assert.True(reader.ReadUntil(r => Enumerable.Range(0, Partitions).All(p => Decided(r, $"warm-up-{p}")), NodeStart),
            "the node did not decide the warm-up payments");

        var sent = new List<(HostileRecord Record, string Source)>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < HostileCorpus.All.Count; i++)
        {
            var record = HostileCorpus.All[i];
            var partition = i % Partitions;
            var delivered = await producer.ProduceAsync(new TopicPartition(Topics.Requested, partition), record.Sent());
            var source = $"{Topics.Requested}/{partition}/{delivered.Offset.Value}";
            sent.Add((record, source));
            var normal = $"after-{i}";
            await SendNormal(producer, partition, normal);

            Assert.True(reader.ReadUntil(r => Results(r, source) > 0 && Decided(r, normal), Within),
                $"'{record.Name}' ({source}): {Results(reader, source)} results, the payment after it {(Decided(reader, normal) ? "" : "not ")}decided within {Within}");
        }
        output.WriteLine($"{sent.Count} hostile records, each followed by a decided payment, in {watch.Elapsed.TotalSeconds:F1} s");

        // A last payment behind everything on each partition, so that a duplicate result would have arrived by now.
        for (var p = 0; p < Partitions; p++) await SendNormal(producer, p, $"last-{p}");
        Assert.True(reader.ReadUntil(r => Enumerable.Range(0, Partitions).All(p => Decided(r, $"last-{p}")), Within));

        var wrong = new List<string>();
        foreach (var (record, source) in sent)
        {
            var letters = reader.DeadLetters.Where(d => d.Headers?.Source == source).ToList();
            var outcomes = reader.Outcomes.Where(o => o.Outcome.Source == source).ToList();
            var got = letters.Count == 1 && outcomes.Count == 0 ? letters[0].Reason
                : outcomes.Count == 1 && letters.Count == 0 ? null
                : $"{letters.Count} dead letters and {outcomes.Count} outcomes";
            if (got != record.ExpectedReason) wrong.Add($"'{record.Name}': expected {record.ExpectedReason ?? "an outcome"}, got {got ?? "an outcome"}");
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        Assert.Contains(reader.DeadLetters, d => d.Headers is { Truncated: true, OriginalBytes: > 500 * 1024 });
        Assert.False(node.HasExited, "the node exited");
    }

    private static int Results(TopicReader reader, string source) =>
        reader.DeadLetters.Count(d => d.Headers?.Source == source) + reader.Outcomes.Count(o => o.Outcome.Source == source);

    private static bool Decided(TopicReader reader, string paymentId) =>
        reader.Outcomes.Any(o => o.Outcome.RequestId == paymentId && o.Outcome.AccountId == "acct-normal");

    private static Task SendNormal(IProducer<byte[], byte[]> producer, int partition, string paymentId)
    {
        var payment = new PaymentRequested(paymentId, "acct-normal", "shop", 1m, "EUR", "DE", PaymentScenario.T0);
        var message = KafkaCloudEventEncoder.Binary(payment, "ce-" + paymentId, "/e2e", PaymentScenario.T0);
        return producer.ProduceAsync(new TopicPartition(Topics.Requested, partition), new Message<byte[], byte[]>
        {
            Key = System.Text.Encoding.UTF8.GetBytes(message.Key), Value = message.Value, Headers = message.Headers,
        });
    }

    public void Dispose()
    {
        _kafka.Dispose();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }
}
