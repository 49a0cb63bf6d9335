using Akka.Payments.IntegrationTests.Faults;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Akka.Payments.IntegrationTests.Infrastructure;
using Akka.Payments.IntegrationTests.InProcess;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Kafka.DeadLetters;
using Akka.Payments.Node.Management;
using Akka.Payments.Node.Ops;
using Akka.Payments.Node.Tests.EndToEnd;
using Akka.Payments.Shared;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Testing;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace Akka.Payments.IntegrationTests.Processes;

/// <summary>
/// The ops plane with real processes on a PostgreSQL journal: dead letters of <c>payments.dlq</c> stored by the ops
/// singleton, replayed to <c>payments.requested</c> through the token-protected management route, with the payment
/// nodes deciding what comes back and the test counting the topics itself.
/// </summary>
[Collection(InfrastructureFaultCollection.Name)]
public sealed class OpsPlaneProcessSpec(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly ManagementJsonContext Json = ManagementJsonContext.Default;
    private static readonly DateTimeOffset T0 = PaymentScenario.T0;

    /// <summary>
    /// A payment request whose amount has 3 decimals is a <c>schema_violation</c> dead letter. Replayed by id with
    /// the same event at 2 decimals (a corrected value, through <c>payctl ops dlq replay --value-file</c>), it is confirmed once and the account debited once; replayed
    /// again, the account entity recognises the payment id: no second debit, no outcome with another CloudEvents id.
    /// The dead letter shows both attempts, and with <c>Payments:Ops:MaxReplays</c> = 2 a third replay is refused.
    /// The audit trail shows the three replays, each with the node it was asked of and the dead letter's id. Before
    /// any of it, <c>/ops/health</c> lists the Lighthouse and both nodes, both nodes ready, and <c>/ops/deadletters</c>
    /// sums both nodes' counts.
    /// </summary>
    [SkippableFact]
    public async Task A_dead_letter_replayed_with_a_corrected_value_is_decided_once_and_replaying_it_again_changes_nothing()
    {
        var journal = PostgreSqlServer.Require().CreateDatabase("ops");
        await using var cluster = new ProcessCluster(journal, output, new Dictionary<string, string> { ["Payments__Ops__MaxReplays"] = "2" });
        var clock = Stopwatch.StartNew();
        await cluster.Start(nodes: 2);
        var started = clock.Elapsed;
        var node = cluster.Nodes["node-1"];
        var addresses = new Dictionary<string, string>();
        foreach (var (name, n) in cluster.Nodes) addresses[name] = await ProcessCluster.AddressOf(n);

        // Every member as the ops singleton sees it, from the reports of the nodes, asked of either node.
        var health = await Eventually.Until(() => ProcessCluster.Get(cluster.Nodes["node-2"], ManagementPaths.OpsHealth, Json.ClusterHealthResponse),
            h => h.Ready && h.Members.Count == 3, Patience, "/ops/health to find the Lighthouse and both nodes, both nodes ready");
        foreach (var address in addresses.Values)
        {
            var member = Assert.Single(health.Members, m => m.Address == address);
            Assert.True(member.Ready == true && member.Status == "Up" && member.Problem is null, $"{member}");
            Assert.Contains(member.Checks, c => c.Name == "stream" && c.Ok);
        }
        var lighthouse = Assert.Single(health.Members, m => !addresses.ContainsValue(m.Address));
        Assert.Null(lighthouse.Ready);
        Assert.Equal(["lighthouse"], lighthouse.Roles);
        var deadLetters = await Eventually.Until(() => ProcessCluster.Get(node, ManagementPaths.OpsDeadLetters, Json.ClusterDeadLetterReport),
            d => d.Nodes.Count == 2, Patience, "/ops/deadletters to sum the reports of both nodes");
        Assert.Equal(addresses.Values.Order(StringComparer.Ordinal), deadLetters.Nodes.Select(n => n.Node));
        Assert.Equal(deadLetters.Nodes.Sum(n => n.Kinds.Sum(k => k.Total)), deadLetters.Sum.Kinds.Sum(k => k.Total));

        const string account = "acct-ops-1";
        const string paymentId = "pay-ops-1";
        var bad = new PaymentRequested(paymentId, account, "payee-ops", 12.345m, "EUR", "DE", T0);
        var corrected = KafkaCloudEventEncoder.Binary(bad with { Amount = 12.34m }, "ce-ops-pay-1", "/ops-spec", T0).Value;
        Produce(cluster,
            KafkaCloudEventEncoder.Binary(new AccountCredited("credit-ops-1", account, 100m, "EUR", T0), "ce-ops-credit-1", "/ops-spec", T0),
            KafkaCloudEventEncoder.Binary(bad, "ce-ops-pay-1", "/ops-spec", T0));

        await Eventually.Until(() => Balance(node, account), b => b == 100m, Patience, $"the credit of {account} to be applied");
        var listed = await Eventually.Until(
            () => ProcessCluster.Get(node, $"{ManagementPaths.OpsDlq}?{ManagementPaths.KeyParameter}={account}", Json.DeadLetterListResponse),
            l => l.DeadLetters.Count == 1, Patience, $"/ops/dlq to list the dead letter of {account}");
        var deadLetter = listed.DeadLetters[0];
        Assert.Equal(DeadLetterReasons.SchemaViolation, deadLetter.Reason);
        var id = deadLetter.Id;

        // The corrected replay: confirmed once, debited once.
        using var reader = new TopicReader(cluster.BootstrapServers, ProcessCluster.Partitions);
        // As an operator would: payctl with the corrected value in a file (the token from the node's data dir).
        var valueFile = Path.Combine(cluster.DataDirOf("node-1"), "corrected.json");
        await File.WriteAllBytesAsync(valueFile, corrected);
        var first = System.Text.Json.JsonSerializer.Deserialize(
            await PayCtl(cluster, "node-1", "ops", "dlq", "replay", id, "--value-file", valueFile, "--json"), Json.ReplayResponse)!;
        Assert.NotNull(first.JobId);
        Assert.Equal([id], first.Eligible);
        Assert.Empty(first.Refused);
        Assert.True(reader.ReadUntil(r => r.Outcomes.Any(o => o.Outcome.RequestId == paymentId), Patience),
            $"no outcome of {paymentId} on payments.processed after the corrected replay");
        await Eventually.Until(() => Balance(node, account), b => b == 87.66m, Patience, $"{account} to be debited 12.34 once");
        await AwaitJobDone(node, first.JobId);

        // Again, with the same corrected value: the account has decided this payment id already.
        var second = await Replay(cluster, "node-2", new ReplayRequest([id], null, null, false, 0, corrected));
        Assert.NotNull(second.JobId);
        Assert.Equal([id], second.Eligible);
        await AwaitJobDone(node, second.JobId);
        await cluster.AwaitNoLag(Patience); // the replayed record is decided and its outcome (if any) produced

        using var topics = new RawTopicReader(cluster.BootstrapServers, ProcessCluster.Partitions);
        Assert.True(topics.ReadToEnd(Patience), "could not read payments.processed and payments.dlq to the end");
        var outcomes = topics.Outcomes
            .Select(r => (CeId: r.Header(CloudEventHeaders.Id), Outcome: OutcomeMessages.FromMessage(r.ToMessage())))
            .Where(o => o.Outcome?.RequestId == paymentId)
            .ToList();
        Assert.NotEmpty(outcomes);
        Assert.Single(outcomes.Select(o => o.CeId).Distinct());
        Assert.All(outcomes, o => Assert.Equal(12.34m, Assert.IsType<PaymentConfirmed>(o.Outcome).Amount));
        Assert.Equal(87.66m, await Balance(cluster.Nodes["node-2"], account));
        // The replays were not dead-lettered again: every dead letter is of the original record (the stream may have
        // read it twice across the consumer group's first rebalance; the ops plane counts that as a duplicate).
        Assert.Single(topics.DeadLetters.Select(d => d.Header(DeadLetterHeaders.SourceHeader)).Distinct());
        Assert.All(topics.DeadLetters, d => Assert.Null(d.Header(DeadLetterReads.ReplayIdHeader)));

        var entry = await ProcessCluster.Get(node, ManagementPaths.OpsDlqOf(id), Json.DeadLetterResponse);
        Assert.Equal(2, entry.Entry.Attempts.Count);
        Assert.All(entry.Entry.Attempts, a => Assert.True(a.Corrected && a.FailedAgain is null, $"attempt {a}"));
        Assert.Equal([first.JobId, second.JobId], entry.Entry.Attempts.Select(a => a.JobId));
        Assert.Equal(OpsState.Replayed, entry.Entry.Status);

        // Past Payments:Ops:MaxReplays (2): refused, and no job.
        var third = await Replay(cluster, "node-1", new ReplayRequest([id], null, null, false, 0, corrected));
        Assert.Null(third.JobId);
        Assert.Empty(third.Eligible);
        var refused = Assert.Single(third.Refused);
        Assert.Equal(id, refused.Id);
        Assert.Contains("MaxReplays is 2", refused.Why, StringComparison.Ordinal);
        var stats = await Eventually.Until(() => ProcessCluster.Get(node, ManagementPaths.OpsDlqStats, Json.DeadLetterStatsResponse),
            st => st.Duplicates >= topics.DeadLetters.Count - 1, Patience, "the ops plane to read every dead-letter record");
        Assert.Equal(1, stats.Total);
        Assert.Equal(topics.DeadLetters.Count - 1, stats.Duplicates);

        // The audit trail, newest first: the three replays, each by the node it was asked of, the token's name, the
        // dead letter's id in its arguments and the answer's status (the refused one is answered too: 200, no job).
        var audit = await Eventually.Until(() => ProcessCluster.Get(cluster.Nodes["node-2"], ManagementPaths.OpsAudit, Json.AuditResponse),
            a => a.Entries.Count(e => e.Command == $"POST {ManagementPaths.OpsDlqReplay}") == 3, Patience, "the audit trail to show the three replays");
        var replays = audit.Entries.Where(e => e.Command == $"POST {ManagementPaths.OpsDlqReplay}").Reverse().ToList();
        Assert.Equal([addresses["node-1"], addresses["node-2"], addresses["node-1"]], replays.Select(e => e.Node));
        Assert.All(replays, e =>
        {
            Assert.Contains(id, e.Arguments, StringComparison.Ordinal);
            Assert.Equal(StatusCodesOk, e.Status);
            Assert.False(string.IsNullOrEmpty(e.By));
        });
        Assert.Equal(replays.Select(e => e.At).Order(), replays.Select(e => e.At));
        foreach (var name in cluster.Nodes.Keys)
        {
            var token = Token(cluster, name);
            Assert.All(audit.Entries, e => Assert.False(e.Arguments.Contains(token, StringComparison.Ordinal) || e.By.Contains(token, StringComparison.Ordinal),
                $"the audit entry {e} carries the token of {name}"));
        }

        output.WriteLine($"OPS CORRECTED REPLAY: cluster up in {started.TotalSeconds:F1} s; dead letter {id}; {outcomes.Count} outcome record(s) " +
                         $"of {paymentId}, one ce_id; {topics.DeadLetters.Count} dead-letter record(s) of the original; balance 87.66; third replay refused: {refused.Why}; {clock.Elapsed.TotalSeconds:F1} s in all");
    }

    /// <summary>
    /// Proves that a rate-limited replay is a journaled job that survives the crash of the node running it, and that
    /// the ops plane files a replay that fails again under the dead letter it replayed. The 1,000 dead letters are
    /// payment requests with 3-decimal amounts (<c>schema_violation</c>); a replay by reason sends each stored record
    /// as it is (one corrected value cannot fix 1,000 different payments), so each one is dead-lettered again: that
    /// is what is replayed here, not a payment decided. Killing the ops singleton's node (kill -9) mid-replay, the job
    /// resumes on the survivor and ends <c>done</c> with produced = 1,000; the test's own consumer of
    /// <c>payments.requested</c> sees every dead letter replayed at least once and none more than twice (at least
    /// once across one crash); every one ends with its attempts recorded, each failed again, and no replayed record
    /// becomes a new dead letter (the store still holds exactly 1,000).
    /// The rate asked (200/s) is a limit, not what a job reaches: the ops actor produces one record at a time and
    /// journals each before the next, so a job reaches what one Kafka acknowledgement plus one journal write allow
    /// (the test logs the rate reached before the kill and asserts only that it stays under the limit).
    /// </summary>
    [SkippableFact]
    public async Task A_rate_limited_replay_resumes_on_the_surviving_node_after_its_node_is_killed_and_each_dead_letter_stays_filed_once()
    {
        const int Count = 1_000;
        const int Rate = 200; // an upper bound: each record waits 1/rate after the previous one was journaled (see below)
        var journal = PostgreSqlServer.Require().CreateDatabase("opsreplay");
        await using var cluster = new ProcessCluster(journal, output);
        var clock = Stopwatch.StartNew();
        await cluster.Start(nodes: 2);
        var started = clock.Elapsed;
        // The count below has its own deadline, so it starts once the ops singleton answers for both nodes: on a loaded
        // 2-core machine the singleton proxies can take 30 s and more to find the singleton after the cluster forms.
        await Eventually.Until(() => ProcessCluster.Get(cluster.Nodes["node-1"], ManagementPaths.OpsHealth, Json.ClusterHealthResponse),
            h => h.Ready && h.Members.Count == 3, Patience, "/ops/health to find the Lighthouse and both nodes, both nodes ready");
        var records = Enumerable.Range(0, Count)
            .Select(i => new ScenarioRecord(KafkaCloudEventEncoder.Binary(
                new PaymentRequested($"pay-r-{i}", PaymentScenario.Account(i % 100), "payee", 10m + i % 100 / 100m + 0.005m, "EUR", "DE", T0),
                $"ce-r-{i}", "/ops-spec", T0), null, DeadLetterReasons.SchemaViolation))
            .ToList();
        await cluster.ProduceAtRate(records, perSecond: 5_000, CancellationToken.None);

        var node1 = cluster.Nodes["node-1"];
        var stored = await Eventually.Until(() => ProcessCluster.Get(node1, ManagementPaths.OpsDlqStats, Json.DeadLetterStatsResponse),
            s => s.Total == Count, Patience, $"the ops plane to store {Count} dead letters");
        var addresses = new Dictionary<string, string>();
        foreach (var (name, n) in cluster.Nodes) addresses[name] = await ProcessCluster.AddressOf(n);
        var victimName = addresses.SingleOrDefault(a => a.Value == stored.Host).Key
                         ?? throw new InvalidOperationException($"the ops singleton's host {stored.Host} is none of the nodes: {string.Join(", ", addresses.Values)}");
        var (victim, victimAddress) = (cluster.Nodes[victimName], addresses[victimName]);
        var survivorName = cluster.Nodes.Keys.Single(n => n != victimName);
        var (survivor, survivorAddress) = (cluster.Nodes[survivorName], addresses[survivorName]);

        var replayClock = Stopwatch.StartNew();
        var replay = await Replay(cluster, survivorName, new ReplayRequest(null, DeadLetterReasons.SchemaViolation, null, false, Rate, null));
        var jobId = replay.JobId ?? throw new InvalidOperationException("the replay started no job");
        Assert.Equal(Count, replay.Eligible.Count);
        Assert.Equal(Rate, replay.RatePerSecond);

        var before = await Eventually.Until(() => Job(victim, jobId), j => j.Produced >= 200, Patience, "the replay to produce 200 records");
        Assert.True(before.Produced < Count, $"the replay produced {before.Produced} before the kill: not mid-replay");
        var rateBefore = before.Produced / replayClock.Elapsed.TotalSeconds;
        Assert.True(rateBefore <= Rate * 1.1, $"the replay ran at {rateBefore:F1}/s, over its limit of {Rate}/s");
        var failover = Stopwatch.StartNew();
        await victim.Kill();
        output.WriteLine($"kill -9 {victimName} ({victimAddress}), host of the ops singleton, after {before.Produced} of {Count} produced " +
                         $"in {replayClock.Elapsed.TotalSeconds:F1} s ({rateBefore:F1}/s at a limit of {Rate}/s)");
        await cluster.AwaitRemoved(victimAddress, Patience);
        var removed = failover.Elapsed;

        var jobs = await Eventually.Until(() => ProcessCluster.Get(survivor, ManagementPaths.OpsDlqReplays, Json.ReplayJobsResponse),
            r => r.Jobs.Any(j => j.JobId == jobId && j.Ended is not null), TimeSpan.FromSeconds(90), $"replay {jobId} to end on {survivorName}");
        var done = failover.Elapsed;
        Assert.Equal(survivorAddress, jobs.Host);
        var job = jobs.Jobs.Single(j => j.JobId == jobId);
        Assert.Equal("done", job.Ended);
        Assert.Equal(Count, job.Total);
        Assert.Equal(Count, job.Produced);

        // The test's own count of payments.requested: every dead letter replayed at least once, at most twice.
        var replayed = CountReplays(cluster.BootstrapServers);
        var ids = (await ProcessCluster.Get(survivor, $"{ManagementPaths.OpsDlq}?{ManagementPaths.LimitParameter}={DeadLetterRoutes.MaxList}", Json.DeadLetterListResponse))
            .DeadLetters.Select(d => d.Id).ToList();
        Assert.Equal(Count, ids.Count);
        var never = ids.Where(i => !replayed.ContainsKey(i)).ToList();
        Assert.True(never.Count == 0, $"{never.Count} dead letters never replayed: {string.Join(", ", never.Take(10))}");
        var strangers = replayed.Keys.Except(ids).ToList();
        Assert.True(strangers.Count == 0, $"replayed records of unknown dead letters: {string.Join(", ", strangers.Take(10))}");
        var tooOften = replayed.Where(r => r.Value > 2).Select(r => $"{r.Key}: {r.Value}").ToList();
        Assert.True(tooOften.Count == 0, $"replayed more than twice: {string.Join(", ", tooOften)}");
        var twice = replayed.Count(r => r.Value == 2);

        // Each failed again and is filed under itself: attempts recorded, each marked failed again; no new dead letter.
        var entries = await Eventually.Until(() => Entries(survivor, ids), e => e.All(x => x.Attempts.Count > 0 && x.Attempts.All(a => a.FailedAgain is not null)),
            Patience, "every dead letter's attempts to be marked failed again");
        foreach (var e in entries)
        {
            Assert.InRange(e.Attempts.Count, 1, replayed[e.DeadLetter.Id]);
            Assert.All(e.Attempts, a => Assert.StartsWith(DeadLetterReasons.SchemaViolation, a.FailedAgain, StringComparison.Ordinal));
        }
        var stats = await ProcessCluster.Get(survivor, ManagementPaths.OpsDlqStats, Json.DeadLetterStatsResponse);
        Assert.Equal(Count, stats.Total);
        Assert.Equal(0, stats.Unreadable);

        // The health of the cluster after the failover: the killed node is gone, the survivor reports to the new host.
        var health = await Eventually.Until(() => ProcessCluster.Get(survivor, ManagementPaths.OpsHealth, Json.ClusterHealthResponse),
            h => h.Ready && h.Members.Count(m => m.Ready is not null) == 1, Patience, "/ops/health to show the survivor ready and the killed node gone");
        Assert.Equal(survivorAddress, health.Host);
        Assert.DoesNotContain(health.Members, m => m.Address == victimAddress);

        output.WriteLine($"OPS REPLAY FAILOVER: cluster up in {started.TotalSeconds:F1} s; {victimName} removed {removed.TotalSeconds:F1} s after kill -9; " +
                         $"job {jobId} done on {survivorName} {done.TotalSeconds:F1} s after; {replayed.Values.Sum()} replayed records for {Count} dead letters " +
                         $"({twice} produced twice); attempts recorded {entries.Sum(e => e.Attempts.Count)}; duplicates {stats.Duplicates}; " +
                         $"{clock.Elapsed.TotalSeconds:F1} s in all");
        Assert.Equal(0, await survivor.Terminate(TimeSpan.FromSeconds(60)));
    }

    private const int StatusCodesOk = 200;

    /// <summary>Runs payctl in this process against a node, finding its token through the node's data dir; its
    /// output, once it exited 0.</summary>
    private static async Task<string> PayCtl(ProcessCluster cluster, string name, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var endpoint = cluster.Nodes[name].AnnouncedManagementUrl() ?? throw new InvalidOperationException($"{name} announced no management endpoint");
        string[] line = [$"{endpoint.Host}:{endpoint.Port}", "--data-dir", cluster.DataDirOf(name), .. args];
        var code = await Akka.Payments.Cmd.PayCtl.RunAsync(line, new Akka.Payments.Cmd.CmdConsole(TextReader.Null, output, error, interactive: false));
        Assert.True(code == 0, $"payctl {string.Join(' ', line)} exited {code}: {error}");
        return output.ToString();
    }

    private static string Token(ProcessCluster cluster, string name) =>
        File.ReadAllText(Path.Combine(cluster.DataDirOf(name), ManagementEndpoint.TokenFileName)).Trim();

    private static void Produce(ProcessCluster cluster, params Message<string, byte[]>[] messages)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, EnableIdempotence = true }).Build();
        foreach (var message in messages) producer.Produce(Topics.Requested, message);
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }

    private static async Task<decimal?> Balance(NodeProcess node, string account) =>
        (await ProcessCluster.Get(node, ManagementPaths.PaymentsAccountOf(account), Json.AccountResponse)).Balances.TryGetValue("EUR", out var eur) ? eur : null;

    private static async Task<ReplayJobView> Job(NodeProcess node, string jobId) =>
        (await ProcessCluster.Get(node, ManagementPaths.OpsDlqReplays, Json.ReplayJobsResponse)).Jobs.Single(j => j.JobId == jobId);

    private static Task AwaitJobDone(NodeProcess node, string jobId) =>
        Eventually.Until(() => Job(node, jobId), j => j.Ended == "done", Patience, $"replay {jobId} to be done");

    /// <summary><c>POST /ops/dlq/replay</c> with the node's management token, as payctl sends it.</summary>
    private static async Task<ReplayResponse> Replay(ProcessCluster cluster, string name, ReplayRequest request)
    {
        var token = Token(cluster, name);
        using var http = new HttpClient { BaseAddress = cluster.Nodes[name].AnnouncedManagementUrl(), Timeout = TimeSpan.FromSeconds(30) };
        using var post = new HttpRequestMessage(HttpMethod.Post, ManagementPaths.OpsDlqReplay) { Content = JsonContent.Create(request, Json.ReplayRequest) };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(post);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {ManagementPaths.OpsDlqReplay} answered {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize(body, Json.ReplayResponse)!;
    }

    /// <summary>Every stored dead letter of <paramref name="ids"/>, asked 16 at a time.</summary>
    private static async Task<List<Akka.Payments.Shared.Ops.DeadLetterEntry>> Entries(NodeProcess node, IReadOnlyList<string> ids)
    {
        var entries = new List<Akka.Payments.Shared.Ops.DeadLetterEntry>();
        foreach (var chunk in ids.Chunk(16))
            entries.AddRange((await Task.WhenAll(chunk.Select(id => ProcessCluster.Get(node, ManagementPaths.OpsDlqOf(id), Json.DeadLetterResponse))))
                .Select(r => r.Entry));
        return entries;
    }

    /// <summary>Reads <c>payments.requested</c> to its end, as an outside consumer: per <c>dlq_replay_id</c>, how many
    /// records carry it.</summary>
    private static Dictionary<string, int> CountReplays(string bootstrapServers)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "ops-spec-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10, // the mock broker answers a fetch only when this expires
        }).Build();
        var partitions = Enumerable.Range(0, ProcessCluster.Partitions).Select(p => new TopicPartition(Topics.Requested, p)).ToList();
        var ends = partitions.ToDictionary(tp => tp, tp => consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value);
        var next = new Dictionary<TopicPartition, long>();
        consumer.Assign(partitions.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + Patience;
        while (ends.Any(e => e.Value > 0 && next.GetValueOrDefault(e.Key) < e.Value))
        {
            Assert.True(DateTime.UtcNow < deadline, "could not read payments.requested to the end");
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is null || result.IsPartitionEOF) continue;
            next[result.TopicPartition] = result.Offset.Value + 1;
            if (result.Message.Headers.TryGetLastBytes(DeadLetterReads.ReplayIdHeader, out var id))
                counts[Encoding.UTF8.GetString(id)] = counts.GetValueOrDefault(Encoding.UTF8.GetString(id)) + 1;
        }
        consumer.Close();
        return counts;
    }
}
