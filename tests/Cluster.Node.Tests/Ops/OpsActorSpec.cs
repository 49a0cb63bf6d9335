using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Akka.Payments.Node.Journal;
using Akka.Payments.Node.Ops;
using Akka.Payments.Node.Tests.Journal;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Ops;
using Akka.Payments.Shared.Serialization;
using Akka.Payments.Shared.Trust;

namespace Akka.Payments.Node.Tests.Ops;

/// <summary>
/// The ops singleton's shell against a real SQLite journal and snapshot store: what it stores, replays, purges and
/// recovers. Its Kafka is <see cref="OpsPortsProbe"/>.
/// </summary>
public sealed class OpsActorSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly OpsPortsProbe _kafka = new();
    private DeadLetterStoreSettings _settings = new() { MaxReplays = 2, ReplayRate = 1000, SnapshotEvery = 1000 };
    private int _incarnation;
    private long _dlqOffset;

    public OpsActorSpec() : base(Config(), "ops-actor-spec")
    {
    }

    private static Config Config() =>
        ConfigurationFactory.ParseString("akka.actor.serialize-messages = on")
            .WithFallback(PaymentsSerialization.Config)
            .WithFallback(SqliteJournal.Config("ops-actor-spec", $"class = \"{typeof(GroupCommitJournal).AssemblyQualifiedName}\""));

    private IActorRef StartOps() => Sys.ActorOf(OpsActor.PropsFor(_settings, _kafka.Ports, "spec", () => T0), $"ops-{++_incarnation}");

    private void Stop(IActorRef ops)
    {
        Watch(ops);
        Sys.Stop(ops);
        ExpectTerminated(ops);
    }

    private DeadLetterRead DeadLetter(long source, string reason = DeadLetterReasons.SchemaViolation, string value = "{\"amount\":10.001}",
        bool truncated = false, string? replayOf = null, int attempt = 0)
    {
        var position = new RecordPosition(Topics.DeadLetters, 0, _dlqOffset++);
        return new DeadLetterRead(position,
            new StoredDeadLetter($"payments.requested-0-{source}", position, reason, "bad", $"payments.requested/0/{source}", "acc-1",
                new List<RecordHeader> { new("ce_type", "payments.payment.requested.v1"u8.ToArray()) }, Encoding.UTF8.GetBytes(value), truncated,
                truncated ? 300_000 : null, T0),
            replayOf, attempt);
    }

    private static string Id(long source) => $"payments.requested-0-{source}";

    private void Store(IActorRef ops, params DeadLetterRead[] records)
    {
        ops.Tell(new StoreDeadLetters(records));
        ExpectMsg<DeadLettersStored>();
    }

    private ReplayResponse Replay(IActorRef ops, ReplayRequest request)
    {
        ops.Tell(new ReplayDeadLetters(request, "spec"));
        return ExpectMsg<ReplayResponse>();
    }

    private DeadLetterEntry Entry(IActorRef ops, string id)
    {
        ops.Tell(new GetDeadLetter(id));
        return ExpectMsg<DeadLetterResponse>().Entry;
    }

    [Fact]
    public void Stored_dead_letters_survive_a_restart_and_the_next_reading_starts_after_them()
    {
        var ops = StartOps();
        var first = DeadLetter(1);
        Store(ops, first, DeadLetter(2, DeadLetterReasons.Undecodable));
        Stop(ops);

        var restarted = StartOps();
        Store(restarted, first); // read again after the crash: already covered

        restarted.Tell(new GetDeadLetterStats());
        var stats = ExpectMsg<DeadLetterStatsResponse>();
        Assert.Equal((2, 2, 0L), (stats.Total, stats.New, stats.Duplicates));
        AwaitAssert(() => Assert.Equal(2, _kafka.Readings));
        Assert.Equal(2, _kafka.StartOf(Topics.DeadLetters, 0));
    }

    [Fact]
    public void A_replay_sends_the_stored_record_back_with_its_replay_headers_and_a_dry_run_sends_nothing()
    {
        var ops = StartOps();
        Store(ops, DeadLetter(1), DeadLetter(2, DeadLetterReasons.Undecodable));

        var dry = Replay(ops, new ReplayRequest(null, DeadLetterReasons.SchemaViolation, null, DryRun: true, 0, null));
        Assert.Equal([Id(1)], dry.Eligible);
        Assert.Null(dry.JobId);

        var replay = Replay(ops, new ReplayRequest([Id(1)], null, null, DryRun: false, 0, null));
        Assert.NotNull(replay.JobId);
        AwaitAssert(() => Assert.Single(_kafka.Replayed));
        var record = Assert.Single(_kafka.Replayed);
        Assert.Equal("acc-1", record.Key);
        Assert.Equal("{\"amount\":10.001}", Encoding.UTF8.GetString(record.Value));
        Assert.Equal(Id(1), Encoding.UTF8.GetString(record.Headers.GetLastBytes(DeadLetterReads.ReplayIdHeader)));
        Assert.Equal("1", Encoding.UTF8.GetString(record.Headers.GetLastBytes(DeadLetterReads.ReplayAttemptHeader)));
        Assert.Equal("payments.payment.requested.v1", Encoding.UTF8.GetString(record.Headers.GetLastBytes("ce_type")));
        AwaitAssert(() => Assert.Equal(OpsState.Replayed, Entry(ops, Id(1)).Status));
    }

    [Fact]
    public void A_corrected_value_replaces_the_stored_one_and_the_attempt_limit_refuses_a_third_replay()
    {
        var ops = StartOps();
        Store(ops, DeadLetter(1));
        var corrected = "{\"amount\":10.00}"u8.ToArray();

        Replay(ops, new ReplayRequest([Id(1)], null, null, false, 0, corrected));
        AwaitAssert(() => Assert.Single(Entry(ops, Id(1)).Attempts));
        Replay(ops, new ReplayRequest([Id(1)], null, null, false, 0, corrected));
        AwaitAssert(() => Assert.Equal(2, Entry(ops, Id(1)).Attempts.Count));
        var third = Replay(ops, new ReplayRequest([Id(1)], null, null, false, 0, corrected));

        Assert.Empty(third.Eligible);
        Assert.Contains("Ops:MaxReplays", Assert.Single(third.Refused).Why);
        Assert.All(_kafka.Replayed, r => Assert.Equal("{\"amount\":10.00}", Encoding.UTF8.GetString(r.Value)));
        Assert.Equal(["1", "2"], _kafka.Replayed.Select(r => Encoding.UTF8.GetString(r.Headers.GetLastBytes(DeadLetterReads.ReplayAttemptHeader))));
    }

    [Fact]
    public void A_replay_interrupted_by_a_crash_resumes_at_the_first_record_not_journaled_as_produced()
    {
        _kafka.KafkaDown = true;
        var ops = StartOps();
        Store(ops, DeadLetter(1), DeadLetter(2), DeadLetter(3));
        Replay(ops, new ReplayRequest(null, DeadLetterReasons.SchemaViolation, null, false, 0, null));
        Stop(ops); // nothing could be produced yet

        _kafka.KafkaDown = false;
        var restarted = StartOps();

        AwaitAssert(() => Assert.Equal(3, _kafka.Replayed.Count));
        Assert.Equal([Id(1), Id(2), Id(3)], _kafka.Replayed.Select(r => Encoding.UTF8.GetString(r.Headers.GetLastBytes(DeadLetterReads.ReplayIdHeader))));
        AwaitAssert(() =>
        {
            restarted.Tell(new GetReplayJobs());
            var job = Assert.Single(ExpectMsg<ReplayJobsResponse>().Jobs);
            Assert.Equal((3, 3, "done"), (job.Total, job.Produced, job.Ended));
        });
    }

    [Fact]
    public void A_purged_dead_letter_is_kept_and_never_replayed_and_a_truncated_one_needs_a_corrected_value()
    {
        var ops = StartOps();
        Store(ops, DeadLetter(1), DeadLetter(2, truncated: true));

        ops.Tell(new PurgeDeadLetters(new PurgeRequest([Id(1)], null, null, "a test batch from upstream"), "spec"));
        Assert.Equal([Id(1)], ExpectMsg<PurgeResponse>().Purged);
        var replay = Replay(ops, new ReplayRequest(null, DeadLetterReasons.SchemaViolation, null, false, 0, null));

        Assert.True(Entry(ops, Id(2)).DeadLetter.Truncated, "stored as truncated");
        Assert.Empty(replay.Eligible);
        Assert.Equal([Id(1), Id(2)], replay.Refused.Select(r => r.Id));
        Assert.Equal(OpsState.Purged, Entry(ops, Id(1)).Status);
        Assert.Equal("a test batch from upstream", Entry(ops, Id(1)).PurgeReason);
        Assert.Empty(_kafka.Replayed);
    }

    [Fact]
    public void A_replayed_record_dead_lettered_again_is_filed_under_the_dead_letter_it_replayed()
    {
        var ops = StartOps();
        Store(ops, DeadLetter(1));
        Replay(ops, new ReplayRequest([Id(1)], null, null, false, 0, null));
        AwaitAssert(() => Assert.Equal(OpsState.Replayed, Entry(ops, Id(1)).Status));

        Store(ops, DeadLetter(900, value: "{\"amount\":10.001}", replayOf: Id(1), attempt: 1));

        var entry = Entry(ops, Id(1));
        Assert.Equal(OpsState.New, entry.Status);
        Assert.Equal("schema_violation: bad", Assert.Single(entry.Attempts).FailedAgain);
        ops.Tell(new GetDeadLetterStats());
        Assert.Equal(1, ExpectMsg<DeadLetterStatsResponse>().Total);
    }

    [Fact]
    public void The_reports_of_the_nodes_answer_the_cluster_health_and_dead_letters_and_are_not_journaled()
    {
        const string a = "akka.tcp://payments@10.0.0.1:4053", b = "akka.tcp://payments@10.0.0.2:4053";
        _kafka.Members = [new ClusterMember(a, ["payments"], "Up", "Reachable", "1.0.0"), new ClusterMember(b, ["payments"], "Up", "Reachable", "1.0.0")];
        var ops = StartOps();
        var ready = new ReadinessResponse(true, new List<ReadinessCheckResult> { new("stream", true, null) });
        AkkaDeadLetterReport Counts(string node, long total) => new(node, T0, T0,
            new List<DeadLetterKindFigures> { new("dead_letter", total, total, total / 5.0), new("unhandled", 0, 0, 0), new("dropped", 0, 0, 0) },
            total, total / 5.0, 60, false, new List<DeadLetterCount>(), new List<DeadLetterCount>());
        ops.Tell(new NodeReport(a, T0, ready, Counts(a, 3)));
        ops.Tell(new NodeReport(b, T0, new ReadinessResponse(false, new List<ReadinessCheckResult> { new("stream", false, "restarting") }), Counts(b, 4)));

        ops.Tell(new GetClusterDeadLetters());
        var deadLetters = ExpectMsg<ClusterDeadLetterReport>();
        Assert.Equal([a, b], deadLetters.Nodes.Select(n => n.Node));
        Assert.Equal(7, deadLetters.Sum.Kinds[0].Total);
        ops.Tell(new GetClusterHealth());
        var health = ExpectMsg<ClusterHealthResponse>();
        Assert.False(health.Ready);
        Assert.Equal("stream: restarting", Assert.Single(health.Members, m => m.Address == b).Problem);

        // Live figures: a new incarnation knows no report until the nodes report again.
        Stop(ops);
        ops = StartOps();
        ops.Tell(new GetClusterDeadLetters());
        Assert.Empty(ExpectMsg<ClusterDeadLetterReport>().Nodes);
        ops.Tell(new GetClusterHealth());
        Assert.All(ExpectMsg<ClusterHealthResponse>().Members, m => Assert.Equal("no report yet (nodes report every 5 s)", m.Problem));
    }

    [Fact]
    public void Recovery_from_a_snapshot_gives_the_same_store()
    {
        _settings = _settings with { SnapshotEvery = 2 };
        var ops = StartOps();
        for (var i = 0; i < 5; i++) Store(ops, DeadLetter(i));
        ops.Tell(new PurgeDeadLetters(new PurgeRequest([Id(3)], null, null, "spam"), "spec"));
        ExpectMsg<PurgeResponse>();
        Stop(ops);

        var restarted = StartOps();
        restarted.Tell(new ListDeadLetters(null, null, null, null, 100));
        var list = ExpectMsg<DeadLetterListResponse>();

        Assert.Equal(5, list.Matching);
        Assert.Equal(OpsState.Purged, list.DeadLetters.Single(d => d.Id == Id(3)).Status);
        Assert.Equal(5, _kafka.StartOf(Topics.DeadLetters, 0));
    }
}
