using Akka.Payments.IntegrationTests.Faults;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Akka.Payments.IntegrationTests.Infrastructure;
using Akka.Payments.IntegrationTests.InProcess;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Tests.EndToEnd;
using Akka.Payments.Shared;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Rules;
using Akka.Payments.Testing;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace Akka.Payments.IntegrationTests.Processes;

/// <summary>
/// Live rules with real processes on a PostgreSQL journal: a rule change made through the token-protected management
/// route while payments stream in reaches every node within seconds, the outcomes after it carry its version and
/// follow it, and it survives a kill -9 of the node hosting the rules singleton. The test reads
/// <c>payments.processed</c> and <c>payments.control</c> itself.
/// </summary>
[Collection(NodeFaultCollection.Name)]
public sealed class RulesProcessSpec(ITestOutputHelper output)
{
    private const int Accounts = 40;
    private const int Payments = 2_400;
    private const int PerSecond = 100;
    private const decimal NewMax = 50m;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly ManagementJsonContext Json = ManagementJsonContext.Default;
    private static readonly DateTimeOffset T0 = PaymentScenario.T0;

    /// <summary>
    /// Under a steady load (payments of 20 and of 100 EUR on well-funded accounts), <c>maxAmount</c> goes from 10000 to
    /// 50. Every outcome read before the change carries version 1 and is confirmed; every payment produced after both
    /// nodes' <c>/control/rules/node</c> show the new version is decided with it: its outcome carries the new version,
    /// and it is declined <c>amount_over_limit</c> exactly when its amount is over 50. Payments in between carry one
    /// version or the other and follow the rules of the version they carry. Then the rules singleton's node is killed
    /// (kill -9): the survivor's <c>/control/rules</c> still has the change, a further change is applied on the
    /// survivor, and both changes are on <c>payments.control</c> as <c>payments.rules.updated.v1</c>.
    /// </summary>
    [SkippableFact]
    public async Task A_rule_changed_under_load_takes_effect_on_every_node_and_survives_a_kill_of_the_singletons_node()
    {
        var journal = PostgreSqlServer.Require().CreateDatabase("rules");
        await using var cluster = new ProcessCluster(journal, output, new Dictionary<string, string>
        {
            ["Payments__Control__RulesPullEvery"] = "00:00:01",
        });
        var clock = Stopwatch.StartNew();
        await cluster.Start(nodes: 2);
        var started = clock.Elapsed;
        var addresses = new Dictionary<string, string>();
        foreach (var (name, n) in cluster.Nodes) addresses[name] = await ProcessCluster.AddressOf(n);

        var before = await Eventually.Until<RulesResponse>(() => ProcessCluster.Get(cluster.Nodes["node-1"], ManagementPaths.ControlRules, Json.RulesResponse),
            _ => true, Patience, "the rules singleton to answer /control/rules");
        Assert.Equal("10000", before.Rules.Single(r => r.Key == RuleKeys.MaxAmount).Value);
        var oldVersion = before.Version;

        using var reader = new TopicReader(cluster.BootstrapServers, ProcessCluster.Partitions);
        using var load = new Load(cluster.BootstrapServers);
        var loading = load.Run();

        // Change the rule once outcomes flow: a few hundred decided with the old rules.
        Assert.True(reader.ReadUntil(r => r.Outcomes.Count(o => o.Outcome is not CreditApplied) >= 200, Patience), "no payment outcomes before the change");
        var seenBefore = reader.Outcomes.Where(o => o.Outcome is not CreditApplied).Select(o => o.Outcome).ToList();
        var changeClock = Stopwatch.StartNew();
        var change = await SetRule(cluster, "node-1", RuleKeys.MaxAmount, "50", "INC-7: card testing on large amounts");
        var newVersion = change.Change.Version;
        Assert.Equal(oldVersion + 1, newVersion);
        Assert.Equal(("10000", "50"), (change.Change.Old, change.Change.New));

        // The moment every node decides with it: what the load produces from then on must follow it.
        foreach (var (name, node) in cluster.Nodes)
            await Eventually.Until(() => ProcessCluster.Get(node, ManagementPaths.ControlRulesNode, Json.NodeRulesResponse),
                r => r.Version == newVersion, TimeSpan.FromSeconds(10), $"{name} to apply rules version {newVersion}");
        var boundary = load.Produced;
        var everywhere = changeClock.Elapsed;
        Assert.True(boundary < Payments, $"the load was over ({boundary} produced) before the change reached every node");

        await loading;
        Assert.True(reader.ReadUntil(r => r.Outcomes.Select(o => o.Outcome.RequestId).Where(id => id.StartsWith("pay-", StringComparison.Ordinal))
            .Distinct().Count() >= Payments, Patience), "not every payment has an outcome");

        Assert.All(seenBefore, o => Assert.True(Version(o) == oldVersion && o is PaymentConfirmed, $"before the change: {o}"));
        var after = 0;
        foreach (var (_, outcome) in reader.Outcomes.Where(o => o.Outcome is not CreditApplied))
        {
            var index = int.Parse(outcome.RequestId["pay-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var version = Version(outcome);
            if (index >= boundary)
            {
                after++;
                Assert.True(version == newVersion, $"{outcome.RequestId} was produced after every node applied version {newVersion} but carries {version}");
            }
            Assert.True(version == oldVersion || version == newVersion, $"{outcome.RequestId} carries version {version}");
            var overMax = Load.Amount(index) > NewMax;
            if (version == newVersion && overMax)
                Assert.True(outcome is PaymentDeclined { Reason: DeclineReasons.AmountOverLimit }, $"{outcome} is over {NewMax} under version {newVersion}");
            else
                Assert.True(outcome is PaymentConfirmed, $"{outcome} should be confirmed under version {version}");
        }
        Assert.True(after > 0, "no outcome of a payment produced after the change");

        // Kill the rules singleton's node: the change is in the journal, and the survivor takes changes.
        var rules = await ProcessCluster.Get(cluster.Nodes["node-2"], ManagementPaths.ControlRules, Json.RulesResponse);
        var victimName = addresses.Single(a => a.Value == rules.Host).Key;
        var survivorName = cluster.Nodes.Keys.Single(n => n != victimName);
        var survivor = cluster.Nodes[survivorName];
        var failover = Stopwatch.StartNew();
        await cluster.Nodes[victimName].Kill();
        await cluster.AwaitRemoved(addresses[victimName], Patience);
        var recovered = await Eventually.Until(() => ProcessCluster.Get(survivor, ManagementPaths.ControlRules, Json.RulesResponse),
            r => r.Host == addresses[survivorName], Patience, $"the rules singleton to answer from {survivorName}");
        var moved = failover.Elapsed;
        Assert.Equal(newVersion, recovered.Version);
        Assert.Equal("50", recovered.Rules.Single(r => r.Key == RuleKeys.MaxAmount).Value);

        var further = await SetRule(cluster, survivorName, RuleKeys.MaxAmount, "40", "INC-7: tighter still");
        Assert.Equal(newVersion + 1, further.Change.Version);
        await Eventually.Until(() => ProcessCluster.Get(survivor, ManagementPaths.ControlRulesNode, Json.NodeRulesResponse),
            r => r.Version == newVersion + 1, TimeSpan.FromSeconds(10), $"{survivorName} to apply rules version {newVersion + 1}");
        var history = await ProcessCluster.Get(survivor, ManagementPaths.ControlRulesHistory, Json.RulesHistoryResponse);
        Assert.Equal([newVersion + 1, newVersion], history.Changes.Select(c => c.Version));

        var published = ReadControl(cluster.BootstrapServers, 2);
        Assert.Equal([$"rules-v{newVersion}", $"rules-v{newVersion + 1}"], published.Select(p => p.Id).Distinct());
        Assert.All(published, p => Assert.Equal(EventTypes.RulesUpdated, p.Type));

        output.WriteLine($"LIVE RULES: cluster up in {started.TotalSeconds:F1} s; version {newVersion} on every node {everywhere.TotalMilliseconds:F0} ms " +
                         $"after POST; {after} outcomes of payments produced after it, all version {newVersion}; singleton back on {survivorName} " +
                         $"{moved.TotalSeconds:F1} s after kill -9; {published.Count} records on payments.control; {clock.Elapsed.TotalSeconds:F1} s in all");
    }

    private static long Version(IOutcomeEvent outcome) => outcome switch
    {
        PaymentConfirmed c => c.RulesVersion,
        PaymentDeclined d => d.RulesVersion,
        _ => throw new InvalidOperationException($"not a payment outcome: {outcome}"),
    };

    /// <summary><c>POST /control/rules</c> with the node's management token, as payctl sends it.</summary>
    private static async Task<SetRuleResponse> SetRule(ProcessCluster cluster, string name, string key, string value, string reason)
    {
        var token = File.ReadAllText(Path.Combine(cluster.DataDirOf(name), ManagementEndpoint.TokenFileName)).Trim();
        using var http = new HttpClient { BaseAddress = cluster.Nodes[name].AnnouncedManagementUrl(), Timeout = TimeSpan.FromSeconds(30) };
        using var post = new HttpRequestMessage(HttpMethod.Post, ManagementPaths.ControlRules)
        {
            Content = JsonContent.Create(new SetRuleRequest(key, value, reason), Json.SetRuleRequest),
        };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(post);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {ManagementPaths.ControlRules} answered {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize(body, Json.SetRuleResponse)!;
    }

    /// <summary>Reads <c>payments.control</c> from the beginning until <paramref name="count"/> rule changes arrived.</summary>
    private static List<(string Id, string Type)> ReadControl(string bootstrapServers, int count)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "rules-spec-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10, // the mock broker answers a fetch only when this expires
        }).Build();
        consumer.Subscribe(Topics.Control);
        var found = new List<(string Id, string Type)>();
        var deadline = DateTime.UtcNow + Patience;
        while (found.Select(f => f.Id).Distinct().Count() < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {found.Count} rule changes on {Topics.Control}");
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is null || result.IsPartitionEOF) continue;
            string Header(string name) => result.Message.Headers.TryGetLastBytes(name, out var v) ? System.Text.Encoding.UTF8.GetString(v) : "";
            if (Header(CloudEventHeaders.Type) == EventTypes.RulesUpdated) found.Add((Header(CloudEventHeaders.Id), Header(CloudEventHeaders.Type)));
        }
        consumer.Close();
        return found;
    }

    /// <summary>
    /// The steady load: a credit of 1,000,000 EUR on each account, then payments of 20 EUR and (every third) 100 EUR at
    /// <see cref="PerSecond"/>, each account's payments 4 s apart in <c>requestedAt</c> (well under the velocity rule).
    /// <see cref="Produced"/> counts the payments handed to the producer, so the test knows which came after a moment.
    /// </summary>
    private sealed class Load(string bootstrapServers) : IDisposable
    {
        private readonly IProducer<string, byte[]> _producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            LingerMs = 5,
        }).Build();
        private int _produced;

        public int Produced => Volatile.Read(ref _produced);

        public static decimal Amount(int index) => index % 3 == 0 ? 100m : 20m;

        public Task Run() => Task.Run(async () =>
        {
            for (var a = 0; a < Accounts; a++)
                _producer.Produce(Topics.Requested, KafkaCloudEventEncoder.Binary(
                    new AccountCredited($"credit-rules-{a}", PaymentScenario.Account(a), 1_000_000m, "EUR", T0), $"ce-credit-rules-{a}", "/rules-spec", T0));
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < Payments; i++)
            {
                var at = T0.AddSeconds(i / Accounts * 4.0);
                _producer.Produce(Topics.Requested, KafkaCloudEventEncoder.Binary(
                    new PaymentRequested($"pay-{i}", PaymentScenario.Account(i % Accounts), "payee-rules", Amount(i), "EUR", "DE", at),
                    $"ce-pay-rules-{i}", "/rules-spec", at));
                Interlocked.Increment(ref _produced);
                var due = TimeSpan.FromSeconds((i + 1) / (double)PerSecond) - clock.Elapsed;
                if (due > TimeSpan.Zero) await Task.Delay(due); // pacing the load, not waiting for a result
            }
            _producer.Flush(TimeSpan.FromSeconds(30));
        });

        public void Dispose() => _producer.Dispose();
    }
}
