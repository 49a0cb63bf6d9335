using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Akka.Payments.Shared;
using Akka.Payments.Testing;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace Akka.Payments.Node.Tests.EndToEnd;

/// <summary>
/// Issue 9, durable idempotency, as an upstream meets it: a hot account's 5,000 decided payments are sent again
/// (same records, new CloudEvent ids) to a real node process on a SQLite journal, with the embedded Kafka in a process
/// of its own so that the node can be killed -9 and started again against the same broker and data. The history
/// outgrows the dedup window five times over; the replay must still be charged once and answered with each
/// request's first outcome, byte for byte.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ReplayIdempotencySpec(ITestOutputHelper output) : IDisposable
{
    private const int Partitions = 12;
    private const string GroupId = "payments-node";
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly string _root = Directory.CreateTempSubdirectory("payments-replay-").FullName;
    private readonly ReplayScenario _scenario = ReplayScenario.Default;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private NodeProcess? _kafka;

    private int Records => _scenario.Originals.Count;

    [Fact]
    public async Task A_replayed_hot_account_is_charged_once_and_every_payment_gets_its_first_outcome_again_byte_for_byte()
    {
        var bootstrap = await StartKafka();
        using var node = await StartNode("node", bootstrap);
        using var reader = new RawTopicReader(bootstrap, Partitions);
        var model = _scenario.Model;

        await DecideTheOriginals(node, bootstrap, reader, model);

        Produce(bootstrap, _scenario.Replay);
        Assert.True(reader.ReadUntil(r => r.Outcomes.Count >= 2 * Records, Patience),
            $"only {reader.Outcomes.Count - Records}/{Records} outcomes of the replay arrived");
        Log($"replay: {reader.Outcomes.Count - Records} outcomes");
        await AwaitNoLag(reader);
        Assert.True(reader.ReadToEnd(Patience), "could not read payments.processed to its end");

        var verdict = ReplayChecks.Examine(reader, model, await Balances(node), atLeast: 2, exactly: true);
        Log(verdict.Summary);
        Assert.True(verdict.Problems.Count == 0, string.Join(Environment.NewLine, verdict.Problems));
        Assert.Equal(0, await node.Terminate(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task A_node_killed_mid_replay_and_started_again_still_charges_once_and_answers_every_replayed_payment_with_its_first_outcome()
    {
        var bootstrap = await StartKafka();
        using var reader = new RawTopicReader(bootstrap, Partitions);
        var model = _scenario.Model;
        Task replay;

        using (var first = await StartNode("node-1", bootstrap))
        {
            await DecideTheOriginals(first, bootstrap, reader, model);
            // Paced, so that the node is busy deciding when it dies however fast it answers a replay; the rest of
            // the replay arrives while no node runs.
            replay = ProduceAtRate(bootstrap, _scenario.Replay, perSecond: 1_000);
            Assert.True(reader.ReadUntil(r => r.Outcomes.Count >= Records + Records / 2, Patience),
                $"only {reader.Outcomes.Count - Records}/{Records} outcomes of the replay arrived before the kill");
            await first.Kill();
        }
        var atKill = reader.Outcomes.Count - Records;
        Log($"kill -9 node-1 after {atKill} outcomes of the replay; group lag {reader.Lag(GroupId, Partitions)}");
        await replay;

        // The same data directory (SQLite journal, snapshots) and the same consumer group: the uncommitted part of
        // the replay is redelivered.
        using var second = await StartNode("node-2", bootstrap);
        Assert.True(reader.ReadUntil(r => r.Outcomes.Count >= 2 * Records, Patience),
            $"only {reader.Outcomes.Count - Records}/{Records} outcomes of the replay arrived after the restart");
        await AwaitNoLag(reader);
        Assert.True(reader.ReadToEnd(Patience), "could not read payments.processed to its end");
        var reEmitted = reader.Outcomes.Count - 2 * Records;
        Log($"after the restart: {reader.Outcomes.Count - Records - atKill} more outcomes, {reEmitted} of them for redelivered records");

        var verdict = ReplayChecks.Examine(reader, model, await Balances(second), atLeast: 2, exactly: false);
        Log(verdict.Summary);
        Assert.True(verdict.Problems.Count == 0, string.Join(Environment.NewLine, verdict.Problems));
        Assert.True(reEmitted > 0, "the kill should have left decided but uncommitted records of the replay to redeliver");
        Assert.Equal(0, await second.Terminate(TimeSpan.FromSeconds(60)));
    }

    /// <summary>The originals, decided as the model decides them, committed, and the balance read back.</summary>
    private async Task DecideTheOriginals(NodeProcess node, string bootstrap, RawTopicReader reader, ReferenceModel model)
    {
        Produce(bootstrap, _scenario.Originals);
        Assert.True(reader.ReadUntil(r => r.Outcomes.Count >= Records, Patience),
            $"only {reader.Outcomes.Count}/{Records} outcomes of the originals arrived");
        Log($"originals: {Records} outcomes");
        var problems = ReplayChecks.FirstOutcomesAgainstModel(reader, model);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal(model.Balances[(ReplayScenario.Account, "EUR")], (await Balances(node))["EUR"]);
        await AwaitNoLag(reader); // what is redelivered after a crash is the replay, not the originals
    }

    private async Task<string> StartKafka()
    {
        var dir = Path.Combine(_root, "kafka");
        _kafka = NodeProcess.Start("kafka", new Dictionary<string, string>(), output,
            "kafka", "--data-dir", dir, "--partitions", Partitions.ToString());
        return await _kafka.WaitForFile(Path.Combine(dir, "kafka.bootstrap"), Startup);
    }

    private async Task<NodeProcess> StartNode(string name, string bootstrap)
    {
        var environment = ReplayScenario.NodeEnvironment();
        environment["Kafka__BootstrapServers"] = bootstrap;
        environment["Kafka__GroupId"] = GroupId;
        environment["Payments__DataDir"] = Path.Combine(_root, "node"); // the same journal across restarts
        environment["Kafka__Consumer__session.timeout.ms"] = "6000";
        environment["Kafka__Consumer__heartbeat.interval.ms"] = "500";
        environment["Kafka__Consumer__fetch.wait.max.ms"] = "10"; // the mock broker answers fetches only when this expires
        // One account decides one record at a time, each after the previous one's write: gathering writes from
        // other accounts cannot help it, waiting for them costs ~40% of the run. One transaction per write.
        environment["Journal__GroupCommitWindow"] = "00:00:00";
        var node = NodeProcess.Start(name, environment, output);
        try
        {
            await node.WaitUntilReady(Startup);
        }
        catch
        {
            node.Dispose();
            throw;
        }
        Log($"{name} started");
        return node;
    }

    /// <summary>A fast idempotent producer: batched, compressed (the mock broker keeps ~5 MiB per partition).</summary>
    private static void Produce(string bootstrap, IEnumerable<Message<string, byte[]>> messages)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            EnableIdempotence = true,
            LingerMs = 20,
            BatchSize = 1 << 20,
            CompressionType = CompressionType.Lz4,
        }).Build();
        foreach (var message in messages) producer.Produce(Topics.Requested, message);
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(60)));
    }

    /// <summary>Produces at a steady rate (open loop), as an upstream replaying its outbox would.</summary>
    private static Task ProduceAtRate(string bootstrap, IReadOnlyList<Message<string, byte[]>> messages, int perSecond) => Task.Run(async () =>
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            EnableIdempotence = true,
            LingerMs = 5,
            CompressionType = CompressionType.Lz4,
        }).Build();
        var clock = Stopwatch.StartNew();
        const int batch = 50;
        for (var i = 0; i < messages.Count; i += batch)
        {
            foreach (var message in messages.Skip(i).Take(batch)) producer.Produce(Topics.Requested, message);
            var due = TimeSpan.FromSeconds((i + batch) / (double)perSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due); // pacing the load, not waiting for a result
        }
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(60)));
    });

    /// <summary>The account's balances as an operator reads them: <c>GET /payments/accounts/{id}</c>.</summary>
    private static async Task<Dictionary<string, decimal>> Balances(NodeProcess node)
    {
        using var http = new HttpClient { BaseAddress = node.AnnouncedManagementUrl() };
        var view = await http.GetFromJsonAsync<JsonElement>($"/payments/accounts/{ReplayScenario.Account}");
        return view.GetProperty("balances").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDecimal());
    }

    private static Task AwaitNoLag(RawTopicReader reader) =>
        Eventually.Until(() => reader.Lag(GroupId, Partitions), lag => lag == 0, Patience, $"the lag of group {GroupId} to reach 0");

    private void Log(string line) => output.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:F1} s] {line}");

    public void Dispose()
    {
        _kafka?.Dispose();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
