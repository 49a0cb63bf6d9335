using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Akka.Payments.Node.Control.Rules;
using Akka.Payments.Node.Journal;
using Akka.Payments.Node.Tests.Journal;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Rules;
using Akka.Payments.Shared.Serialization;
using Confluent.Kafka;

namespace Akka.Payments.Node.Tests.Control;

/// <summary>
/// The rules singleton's shell against a real SQLite journal and snapshot store: what it journals, refuses, recovers
/// and publishes. Its outside world (the spread to the nodes, Kafka) is <see cref="RulesPortsProbe"/>.
/// </summary>
public sealed class RulesActorSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly RulesPortsProbe _ports = new();
    private readonly RulesPlaneSettings _settings = new() { RulesSnapshotEvery = 2, PublishRetry = TimeSpan.FromMilliseconds(200) };
    private int _incarnation;

    public RulesActorSpec() : base(Config(), "rules-actor-spec")
    {
    }

    private static Akka.Configuration.Config Config() =>
        ConfigurationFactory.ParseString("akka.actor.serialize-messages = on")
            .WithFallback(PaymentsSerialization.Config)
            .WithFallback(SqliteJournal.Config("rules-actor-spec", $"class = \"{typeof(GroupCommitJournal).AssemblyQualifiedName}\""));

    private IActorRef Start(PaymentRules? configured = null) =>
        Sys.ActorOf(RulesActor.PropsFor(_settings, configured ?? PaymentRules.Default, _ports.Ports, () => T0), $"rules-{++_incarnation}");

    private void Stop(IActorRef rules)
    {
        Watch(rules);
        Sys.Stop(rules);
        ExpectTerminated(rules);
    }

    private object Change(IActorRef rules, string key, string value, string reason = "INC-7: card testing")
    {
        rules.Tell(new ChangeRule(key, value, reason, "token@127.0.0.1"));
        return ExpectMsg<object>(m => m is SetRuleResponse or RuleRefused);
    }

    private RulesResponse Rules(IActorRef rules)
    {
        rules.Tell(new GetRules());
        return ExpectMsg<RulesResponse>();
    }

    private static string Value(RulesResponse rules, string key) => rules.Rules.Single(r => r.Key == key).Value;

    [Fact]
    public void A_change_is_journaled_answered_with_the_next_version_spread_to_the_nodes_and_survives_a_restart()
    {
        var rules = Start();
        var changed = Assert.IsType<SetRuleResponse>(Change(rules, RuleKeys.MaxAmount, "50"));
        Assert.Equal(new RuleChangeView(2, RuleKeys.MaxAmount, "10000", "50", "token@127.0.0.1", T0, "INC-7: card testing"), changed.Change);
        AwaitAssert(() => Assert.Contains(_ports.Spread, u => u.Rules.Version == 2 && u.Rules.MaxAmount == 50m && u.Change!.Key == RuleKeys.MaxAmount));
        Stop(rules);

        var restarted = Start();
        var now = Rules(restarted);
        Assert.Equal(2, now.Version);
        Assert.Equal("50", Value(now, RuleKeys.MaxAmount));
        Assert.Equal(2, now.LastChange!.Version);
        restarted.Tell(new GetRulesHistory());
        Assert.Equal([2L], ExpectMsg<RulesHistoryResponse>().Changes.Select(c => c.Version));
        restarted.Tell(new PullRules());
        Assert.Equal(50m, ExpectMsg<RulesUpdate>().Rules.MaxAmount);
    }

    [Fact]
    public void A_refused_change_is_answered_with_its_reason_changes_nothing_and_uses_up_no_version()
    {
        var rules = Start();
        Assert.Equal("maxAmount must be a decimal greater than 0, got 'abc'", Assert.IsType<RuleRefused>(Change(rules, RuleKeys.MaxAmount, "abc")).Reason);
        Assert.Contains("reason is required", Assert.IsType<RuleRefused>(Change(rules, RuleKeys.MaxAmount, "50", reason: " ")).Reason, StringComparison.Ordinal);
        Assert.Contains("there is no rule 'maxAmmount'", Assert.IsType<RuleRefused>(Change(rules, "maxAmmount", "50")).Reason, StringComparison.Ordinal);
        Assert.Contains("already 10000", Assert.IsType<RuleRefused>(Change(rules, RuleKeys.MaxAmount, "10000.0")).Reason, StringComparison.Ordinal);
        Assert.Equal(1, Rules(rules).Version);

        Assert.Equal(2, Assert.IsType<SetRuleResponse>(Change(rules, RuleKeys.VelocityPerMinute, "10")).Change.Version);
        Stop(rules);
        var restarted = Start();
        var now = Rules(restarted);
        Assert.Equal((2L, "10000", "10"), (now.Version, Value(now, RuleKeys.MaxAmount), Value(now, RuleKeys.VelocityPerMinute)));
    }

    [Fact]
    public void Recovery_starts_from_the_first_start_snapshot_even_when_the_node_is_later_configured_with_other_rules()
    {
        var rules = Start(PaymentRules.Default with { MaxAmount = 5_000m });
        Assert.Equal("5000", Value(Rules(rules), RuleKeys.MaxAmount)); // the base: this node's configuration
        Assert.IsType<SetRuleResponse>(Change(rules, RuleKeys.DailyLimit, "900"));
        Stop(rules);

        // Another node, configured otherwise, hosts the singleton next: the journal's base wins.
        var elsewhere = Start(PaymentRules.Default with { MaxAmount = 777m, DailyLimit = 1m, Version = 1 });
        var now = Rules(elsewhere);
        Assert.Equal((2L, "5000", "900"), (now.Version, Value(now, RuleKeys.MaxAmount), Value(now, RuleKeys.DailyLimit)));
        Assert.Equal(3, Assert.IsType<SetRuleResponse>(Change(elsewhere, RuleKeys.MaxAmount, "60")).Change.Version);
        Stop(elsewhere);

        // Three changes in all with a snapshot every two: snapshot plus the event after it give the same book.
        var again = Start(PaymentRules.Default);
        now = Rules(again);
        Assert.Equal((3L, "60", "900"), (now.Version, Value(now, RuleKeys.MaxAmount), Value(now, RuleKeys.DailyLimit)));
    }

    [Fact]
    public void Changes_Kafka_did_not_acknowledge_before_a_crash_are_published_after_the_restart_once_and_in_order()
    {
        _ports.KafkaDown = true;
        var rules = Start();
        Assert.IsType<SetRuleResponse>(Change(rules, RuleKeys.MaxAmount, "50"));
        Assert.IsType<SetRuleResponse>(Change(rules, RuleKeys.BlockedCountries, "KP,RU"));
        AwaitAssert(() => Assert.True(_ports.Attempts >= 2, "the plane did not try to publish"));
        Stop(rules);
        Assert.Empty(_ports.Published);

        _ports.KafkaDown = false;
        IActorRef restarted = null!;
        // Logged once the delivery is journaled: stopping after it, the next start has nothing left to publish.
        EventFilter.Info(start: "Rule changes through version 3 published").ExpectOne(() => restarted = Start());
        Assert.Equal([2L, 3L], _ports.Published.Select(p => p.Version));
        Assert.Equal(new RulesUpdated(2, RuleKeys.MaxAmount, "10000", "50", "token@127.0.0.1", T0, "INC-7: card testing"), _ports.Published.First());
        Stop(restarted);

        var third = Start();
        Assert.Equal(3, Rules(third).Version);
        Assert.IsType<SetRuleResponse>(Change(third, RuleKeys.MaxAmount, "40"));
        AwaitAssert(() => Assert.Equal([2L, 3L, 4L], _ports.Published.Select(p => p.Version)));
    }
}

/// <summary>The rules singleton's outside world for a spec: what it spread, what it published, and a Kafka that can be
/// down.</summary>
public sealed class RulesPortsProbe
{
    private int _attempts;

    public ConcurrentQueue<RulesUpdate> Spread { get; } = new();

    public ConcurrentQueue<RulesUpdated> Published { get; } = new();

    public volatile bool KafkaDown;

    public int Attempts => Volatile.Read(ref _attempts);

    public RulesPorts Ports => new(Spread.Enqueue, changes =>
    {
        Interlocked.Increment(ref _attempts);
        if (KafkaDown) return Task.FromException(new KafkaException(ErrorCode.Local_AllBrokersDown));
        foreach (var change in changes) Published.Enqueue(change);
        return Task.CompletedTask;
    });
}
