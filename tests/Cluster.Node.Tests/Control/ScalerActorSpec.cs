using Akka.Actor;
using Akka.Configuration;
using Akka.Payments.Node.Control.Scaling;
using Akka.Payments.Node.Tests.Journal;
using Akka.Payments.Shared.Control;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Serialization;

namespace Akka.Payments.Node.Tests.Control;

/// <summary>
/// The scaler singleton's shell against a real SQLite journal: what it decides from reported signals and the lag,
/// what it journals, publishes and hands to the actuator, and what survives a restart. Its clock is the spec's, its
/// samples are taken when the spec says (<see cref="ScalerActor.SampleNow"/>), its Kafka and actuator are
/// <see cref="ScalerPortsProbe"/>.
/// </summary>
public sealed class ScalerActorSpec : Akka.TestKit.Xunit2.TestKit
{
    private const string Node = "akka.tcp://payments@n1:1";
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 21, 0, 0, TimeSpan.Zero);
    private readonly ScalerPortsProbe _probe = new();
    private DateTimeOffset _now = T0;
    private int _incarnation;

    private static readonly ScalerSettings Settings = new()
    {
        Policy = new ScalePolicySettings { MinNodes = 1, MaxNodes = 4, ScaleOutSamples = 2, ScaleOutLagSeconds = 10, Cooldown = TimeSpan.FromSeconds(60) },
        SampleEvery = TimeSpan.FromHours(1), // the spec samples
        Actuator = "probe",
    };

    public ScalerActorSpec() : base(Config(), "scaler-actor-spec")
    {
    }

    private static Config Config() =>
        ConfigurationFactory.ParseString("akka.actor.serialize-messages = on")
            .WithFallback(PaymentsSerialization.Config)
            .WithFallback(SqliteJournal.Config("scaler-actor-spec"));

    private IActorRef StartScaler() => Sys.ActorOf(ScalerActor.PropsFor(Settings, _probe.Ports, () => _now), $"scaler-{++_incarnation}");

    private void Stop(IActorRef scaler)
    {
        Watch(scaler);
        Sys.Stop(scaler);
        ExpectTerminated(scaler);
    }

    /// <summary>The node reports 100 records/s at 50% CPU, then the scaler samples at <paramref name="at"/>.</summary>
    private void SampleAt(IActorRef scaler, DateTimeOffset at)
    {
        _now = at;
        scaler.Tell(new ReportScaleSignals(new ScaleNodeSignals(Node, at, 100, 10, new List<string> { "payments.requested/0" }, 0.5)));
        scaler.Tell(ScalerActor.SampleNow.Instance);
        ExpectMsg<ScalerActor.SampleDone>();
    }

    private ScalerStatusResponse Status(IActorRef scaler)
    {
        scaler.Tell(new GetScalerStatus());
        return ExpectMsg<ScalerStatusResponse>();
    }

    [Fact]
    public void A_lag_spike_gives_one_decision_that_is_journaled_published_and_actuated_once()
    {
        var scaler = StartScaler();
        _probe.LagPerPartition = 5_000; // 20,000 records at 100/s: 200 s behind, far above 10 s

        SampleAt(scaler, T0);
        Assert.Empty(_probe.Actuated);
        SampleAt(scaler, T0.AddSeconds(5));
        SampleAt(scaler, T0.AddSeconds(10)); // in the cooldown: nothing more

        AwaitAssert(() => Assert.Single(_probe.Published));
        var (from, to, why) = Assert.Single(_probe.Actuated);
        Assert.Equal((1, 4), (from, to)); // ceil(1 × 200 / 10) = 20, capped at MaxNodes 4
        Assert.Equal(("scale-1", ScaleReasons.LagSeconds, ScalerActor.Autoscaler), (why.Id, why.Reason, why.By));
        Assert.Equal(20_000, why.Signals!.TotalLag);
        Assert.Equal(200, why.Signals.LagSeconds);
        Assert.Equal(Node, Assert.Single(why.Signals.Nodes).Node);
        Assert.Equal(why.Id, Assert.Single(_probe.Published).Id);

        var status = Status(scaler);
        Assert.Equal((1, 4, true, 4), (status.Nodes, status.Desired, status.Autoscale, status.InputPartitions));
        Assert.Equal("scale-1", Assert.Single(status.Decisions).Id);
        Assert.Equal(T0.AddSeconds(65), status.Sample!.CooldownUntil);
        Stop(scaler);

        var restarted = StartScaler();
        Assert.Equal("scale-1", Assert.Single(Status(restarted).Decisions).Id);
        Assert.Single(_probe.Actuated);
        Assert.Single(_probe.Published);
    }

    [Fact]
    public void While_no_payment_node_is_up_it_decides_nothing_so_its_own_node_leaving_starts_no_node()
    {
        var scaler = StartScaler();
        _probe.Nodes = new List<string>(); // the scaler's own node is leaving: no payment node is Up
        _probe.LagPerPartition = 5_000;

        SampleAt(scaler, T0);
        SampleAt(scaler, T0.AddSeconds(5));
        SampleAt(scaler, T0.AddSeconds(10));

        Assert.Empty(_probe.Actuated);
        var status = Status(scaler);
        Assert.Empty(status.Decisions);
        Assert.Contains("no payment node is Up", status.SampleError, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cooldown_survives_a_restart_and_the_next_decision_waits_for_its_end()
    {
        var scaler = StartScaler();
        _probe.LagPerPartition = 5_000;
        SampleAt(scaler, T0);
        SampleAt(scaler, T0.AddSeconds(5));
        AwaitAssert(() => Assert.Single(_probe.Published));
        Stop(scaler);

        var restarted = StartScaler();
        for (var s = 10; s <= 60; s += 5) SampleAt(restarted, T0.AddSeconds(s)); // the cooldown runs to T0 + 65 s
        Assert.Single(_probe.Actuated);
        Assert.Equal(T0.AddSeconds(65), Status(restarted).Sample!.CooldownUntil);

        SampleAt(restarted, T0.AddSeconds(65));
        SampleAt(restarted, T0.AddSeconds(70));
        AwaitAssert(() => Assert.Equal(2, _probe.Actuated.Count));
        Assert.Equal("scale-2", _probe.Actuated.Last().Why.Id);
    }

    [Fact]
    public void With_autoscale_off_it_samples_and_shows_what_it_would_decide_but_decides_nothing()
    {
        var scaler = StartScaler();
        scaler.Tell(new SetAutoscale(false, "spec"));
        Assert.True(ExpectMsg<AutoscaleResponse>().Changed);
        _probe.LagPerPartition = 5_000;

        for (var s = 0; s <= 20; s += 5) SampleAt(scaler, T0.AddSeconds(s));

        var status = Status(scaler);
        Assert.False(status.Autoscale);
        Assert.Empty(status.Decisions);
        Assert.Equal((1, 4, ScaleReasons.LagSeconds), (status.WouldDecide!.From, status.WouldDecide.To, status.WouldDecide.Reason));
        Assert.Null(status.Sample!.CooldownUntil); // nothing was done, so nothing cools down
        Assert.Empty(_probe.Actuated);
        Assert.Empty(_probe.Published);
        Stop(scaler);

        var restarted = StartScaler();
        Assert.False(Status(restarted).Autoscale);
        restarted.Tell(new SetAutoscale(false, "spec"));
        Assert.False(ExpectMsg<AutoscaleResponse>().Changed);
    }

    [Fact]
    public void A_manual_scale_is_journaled_published_and_actuated_and_starts_a_cooldown()
    {
        var scaler = StartScaler();
        _probe.LagPerPartition = 5_000;
        SampleAt(scaler, T0);

        scaler.Tell(new ScaleNodes(3, "token@127.0.0.1"));
        var decided = ExpectMsg<ScaleResponse>().Decision;
        Assert.Equal((1, 3, ScaleReasons.Manual, "token@127.0.0.1"), (decided.From, decided.To, decided.Reason, decided.By));

        SampleAt(scaler, T0.AddSeconds(5));
        SampleAt(scaler, T0.AddSeconds(10)); // lag still high, but the manual change cools down until T0 + 60 s
        AwaitAssert(() => Assert.Single(_probe.Published));
        Assert.Equal((1, 3), (Assert.Single(_probe.Actuated).From, Assert.Single(_probe.Actuated).To));
        Assert.Equal(T0.AddSeconds(60), Status(scaler).Sample!.CooldownUntil);
    }

    [Fact]
    public void A_manual_scale_outside_the_bounds_is_refused_naming_the_bound()
    {
        var scaler = StartScaler();
        _probe.Partitions = 2;
        SampleAt(scaler, T0);

        scaler.Tell(new ScaleNodes(0, "spec"));
        Assert.Contains("Payments:Control:MinNodes (1)", ExpectMsg<ScaleRefused>().Error);
        scaler.Tell(new ScaleNodes(5, "spec"));
        Assert.Contains("Payments:Control:MaxNodes (4)", ExpectMsg<ScaleRefused>().Error);
        scaler.Tell(new ScaleNodes(3, "spec"));
        Assert.Contains("the input partitions (2)", ExpectMsg<ScaleRefused>().Error);
        Assert.Empty(_probe.Actuated);
        Assert.Empty(Status(scaler).Decisions);
    }

    [Fact]
    public void A_decision_journaled_but_not_published_goes_out_after_a_restart()
    {
        var scaler = StartScaler();
        _probe.KafkaDown = true;
        _probe.LagPerPartition = 5_000;
        SampleAt(scaler, T0);
        SampleAt(scaler, T0.AddSeconds(5));
        AwaitAssert(() => Assert.Single(_probe.Actuated));
        Stop(scaler);
        Assert.Empty(_probe.Published);

        _probe.KafkaDown = false;
        var restarted = StartScaler();
        AwaitAssert(() => Assert.Single(_probe.Published));
        Assert.Equal("scale-1", Assert.Single(_probe.Published).Id);
        Assert.Single(_probe.Actuated); // acted on once, before the crash
        Stop(restarted);

        StartScaler();
        ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // recovery done; nothing left in the outbox to publish again
        Assert.Single(_probe.Published);
    }

    [Fact]
    public void Signals_of_nodes_that_are_no_longer_up_are_forgotten_and_the_stuck_partition_is_shown()
    {
        var scaler = StartScaler();
        scaler.Tell(new ReportScaleSignals(new ScaleNodeSignals("akka.tcp://payments@gone:1", T0, 50, 0, new List<string>(), 0.1)));
        SampleAt(scaler, T0);

        var status = Status(scaler);
        Assert.Equal(Node, Assert.Single(status.Signals).Node);
        Assert.Empty(status.Stuck);
        Assert.Equal(0, status.Sample!.TotalLag);
        Assert.Equal(0, status.Sample.LagSeconds);
    }
}
