using Akka.Actor;
using Akka.Event;
using Akka.Payments.Node.Ops;

namespace Akka.Payments.Node.Tests.Ops;

/// <summary>The monitor on a real ActorSystem: what Akka publishes when a message finds no actor, or an actor with
/// no handler for it, ends up counted, and the alert is logged once per crossing.</summary>
public sealed class AkkaDeadLetterMonitorSpec : Akka.TestKit.Xunit2.TestKit
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public AkkaDeadLetterMonitorSpec() : base("akka.loglevel = INFO", "dead-letter-monitor-spec")
    {
    }

    private sealed record Ping(int N);

    private sealed class OnlyStrings : ReceiveActor
    {
        public OnlyStrings() => Receive<string>(_ => { });
    }

    /// <summary>Starts the monitor and returns once it subscribed: it answers an Identify only after its PreStart.</summary>
    private async Task<AkkaDeadLetters> StartMonitor(int alertPerMinute = 60)
    {
        var counts = new AkkaDeadLetters(alertPerMinute, () => _now);
        var monitor = Sys.ActorOf(AkkaDeadLetterMonitor.PropsFor(counts, TimeSpan.FromMilliseconds(50)), "monitor");
        await monitor.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(5));
        return counts;
    }

    [Fact]
    public async Task A_message_to_a_stopped_actor_is_counted_as_a_dead_letter_with_its_type_and_recipient()
    {
        var counts = await StartMonitor();
        var dead = Sys.ActorOf(Props.Create(() => new OnlyStrings()), "gone");
        Watch(dead);
        Sys.Stop(dead);
        ExpectTerminated(dead);

        dead.Tell(new Ping(1));

        await AwaitAssertAsync(() => Assert.Equal(1, counts.Total(AkkaDeadLetterKind.DeadLetter)));
        var report = counts.Report("spec");
        Assert.Contains(report.TopMessageTypes, t => t.Name == typeof(Ping).FullName && t.Count == 1);
        Assert.Contains(report.TopRecipients, r => r.Name == "/user/gone" && r.Count == 1);
    }

    [Fact]
    public async Task A_message_a_receive_actor_has_no_handler_for_is_counted_once_as_unhandled()
    {
        var counts = await StartMonitor();
        var actor = Sys.ActorOf(Props.Create(() => new OnlyStrings()), "strings");

        actor.Tell(new Ping(2));

        await AwaitAssertAsync(() => Assert.Equal(1, counts.Total(AkkaDeadLetterKind.Unhandled)));
        await Task.Delay(200);
        Assert.Equal(1, counts.Total(AkkaDeadLetterKind.Unhandled)); // not once per subscribed class
        Assert.Equal(0, counts.Total(AkkaDeadLetterKind.DeadLetter));
        Assert.Contains(counts.Report("spec").TopRecipients, r => r.Name == "/user/strings" && r.Count == 1);
    }

    [Fact]
    public async Task A_dropped_message_is_counted_as_dropped()
    {
        var counts = await StartMonitor();

        Sys.EventStream.Publish(new Dropped(new Ping(3), "buffer full", TestActor, TestActor));

        await AwaitAssertAsync(() => Assert.Equal(1, counts.Total(AkkaDeadLetterKind.Dropped)));
    }

    [Fact]
    public async Task Crossing_the_threshold_logs_one_warning_and_falling_back_one_information_line()
    {
        var counts = await StartMonitor(alertPerMinute: 5);
        var dead = Sys.ActorOf(Props.Create(() => new OnlyStrings()), "gone-too");
        Watch(dead);
        Sys.Stop(dead);
        ExpectTerminated(dead);

        await EventFilter.Warning(contains: "at or over Payments:Ops:DeadLetterAlertPerMinute (5)").ExpectOneAsync(async () =>
        {
            for (var i = 0; i < 10; i++) dead.Tell(new Ping(i));
            await AwaitConditionAsync(() => Task.FromResult(counts.AlertOn));
            await Task.Delay(200); // more ticks: still one warning
        });

        await EventFilter.Info(contains: "back under Payments:Ops:DeadLetterAlertPerMinute (5)").ExpectOneAsync(async () =>
        {
            _now = _now.AddMinutes(2);
            await AwaitConditionAsync(() => Task.FromResult(!counts.AlertOn));
        });
    }
}
