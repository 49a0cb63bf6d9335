using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Payments.Node.Control.Rules;
using Akka.Payments.Node.Rules;
using Akka.Payments.Shared.Rules;

namespace Akka.Payments.Node.Tests.Control;

/// <summary>The per-node follower of the live rules: it subscribes, pulls at start and on a timer, and swaps in only
/// newer versions.</summary>
public sealed class RulesFollowerSpec : Akka.TestKit.Xunit2.TestKit
{
    private readonly RulesHolder _holder = new(PaymentRules.Default);

    private static RulesUpdate Version(long version, decimal maxAmount) =>
        new(StoredRules.From(PaymentRules.Default with { Version = version, MaxAmount = maxAmount }), null);

    private void Processed(IActorRef follower)
    {
        // Identify is answered in mailbox order: every message sent before it has been handled.
        follower.Tell(new Identify(1));
        ExpectMsg<ActorIdentity>();
    }

    [Fact]
    public void It_subscribes_to_the_rules_topic_and_pulls_at_start_without_waiting_for_the_interval()
    {
        var plane = CreateTestProbe();
        var mediator = CreateTestProbe();
        Sys.ActorOf(RulesFollower.PropsFor(_holder, plane, mediator, TimeSpan.FromHours(1)));

        Assert.Equal(RulesFollower.Topic, mediator.ExpectMsg<Subscribe>().Topic);
        plane.ExpectMsg<PullRules>(); // the interval is an hour: this one is the pull at start
    }

    [Fact]
    public void It_pulls_again_every_interval()
    {
        var plane = CreateTestProbe();
        Sys.ActorOf(RulesFollower.PropsFor(_holder, plane, null, TimeSpan.FromMilliseconds(300)));

        plane.ExpectMsg<PullRules>();
        plane.ExpectMsg<PullRules>();
        plane.ExpectMsg<PullRules>();
    }

    [Fact]
    public void An_answer_that_is_not_newer_still_tells_the_node_it_heard_the_control_plane()
    {
        var plane = CreateTestProbe();
        Sys.ActorOf(RulesFollower.PropsFor(_holder, plane, null, TimeSpan.FromHours(1)));
        Assert.False(_holder.FirstHeard.IsCompleted);

        plane.ExpectMsg<PullRules>();
        plane.Reply(Version(PaymentRules.Default.Version, PaymentRules.Default.MaxAmount));

        AwaitAssert(() => Assert.True(_holder.FirstHeard.IsCompleted));
        Assert.Same(PaymentRules.Default, _holder.Current);
    }

    [Fact]
    public void The_answer_to_its_pull_brings_a_node_that_started_late_onto_the_latest_version()
    {
        var plane = CreateTestProbe();
        Sys.ActorOf(RulesFollower.PropsFor(_holder, plane, null, TimeSpan.FromMinutes(1)));

        plane.ExpectMsg<PullRules>();
        plane.Reply(Version(4, 50m));

        AwaitAssert(() => Assert.Equal((4L, 50m), (_holder.Current.Version, _holder.Current.MaxAmount)));
    }

    [Fact]
    public void It_applies_only_newer_versions_so_a_late_or_repeated_update_changes_nothing()
    {
        var follower = Sys.ActorOf(RulesFollower.PropsFor(_holder, CreateTestProbe(), null, TimeSpan.FromMinutes(1)));

        follower.Tell(Version(3, 50m));
        Processed(follower);
        Assert.Equal((3L, 50m), (_holder.Current.Version, _holder.Current.MaxAmount));

        follower.Tell(Version(2, 7m)); // late
        follower.Tell(Version(3, 8m)); // same version again
        Processed(follower);
        Assert.Equal((3L, 50m), (_holder.Current.Version, _holder.Current.MaxAmount));

        follower.Tell(Version(5, 40m)); // a version skipped: the latest wins
        Processed(follower);
        Assert.Equal((5L, 40m), (_holder.Current.Version, _holder.Current.MaxAmount));
    }
}
