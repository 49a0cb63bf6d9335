using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Payments.Node.Rules;
using Akka.Payments.Shared.Rules;

namespace Akka.Payments.Node.Control.Rules;

/// <summary>
/// On every node: keeps the node's <see cref="RulesHolder"/> on the control plane's latest rules. It hears each change
/// on the <see cref="Topic"/> of Akka's distributed publish-subscribe, and it also asks the rules singleton for the
/// current rules when it starts and every <c>Payments:Control:RulesPullEvery</c>, so a node that missed a change
/// (partitioned, just started, the singleton moving) converges within one interval. Only a newer version is swapped
/// in (<see cref="RulesHolder.TryReplace"/>): hearing a change late, twice or out of order changes nothing.
/// </summary>
public sealed class RulesFollower : ReceiveActor, IWithTimers
{
    /// <summary>The publish-subscribe topic the rules singleton publishes every new version on.</summary>
    public const string Topic = "payments.control.rules";

    private readonly RulesHolder _holder;
    private readonly IActorRef _plane;
    private readonly IActorRef? _mediator;
    private readonly TimeSpan _pullEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <param name="plane">The rules singleton (its proxy on this node).</param>
    /// <param name="mediator">Akka's distributed publish-subscribe mediator; null: pull only.</param>
    public RulesFollower(RulesHolder holder, IActorRef plane, IActorRef? mediator, TimeSpan pullEvery)
    {
        _holder = holder;
        _plane = plane;
        _mediator = mediator;
        _pullEvery = pullEvery;

        Receive<RulesUpdate>(Apply);
        Receive<Pull>(_ => _plane.Tell(new PullRules()));
        Receive<SubscribeAck>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props PropsFor(RulesHolder holder, IActorRef plane, IActorRef? mediator, TimeSpan pullEvery) =>
        Props.Create(() => new RulesFollower(holder, plane, mediator, pullEvery));

    protected override void PreStart()
    {
        _mediator?.Tell(new Subscribe(Topic, Self));
        _plane.Tell(new PullRules());
        Timers.StartPeriodicTimer("pull", Pull.Instance, _pullEvery);
    }

    private void Apply(RulesUpdate update)
    {
        var next = update.Rules.ToRules();
        var before = _holder.Current;
        var swapped = _holder.TryReplace(next);
        _holder.Heard();
        if (!swapped)
        {
            if (next.Version == before.Version && Differs(before, next).Count > 0)
                _log.Warning("This node's rules at version {0} differ from the control plane's version {0} ({1}): the node's Rules: " +
                             "configuration is not the one the control plane started from; it keeps its own until the next change",
                    next.Version, string.Join(", ", Differs(before, next)));
            return;
        }
        var changes = Differs(before, next);
        _log.Info("rules version {0} applied ({1})", next.Version,
            changes.Count == 0 ? $"same values as version {before.Version}" : string.Join("; ", changes));
    }

    private static List<string> Differs(PaymentRules before, PaymentRules after) =>
        RuleKeys.All.Where(k => k.Render(before) != k.Render(after))
            .Select(k => $"{k.Name}: {k.Render(before)} -> {k.Render(after)}").ToList();

    private sealed record Pull : INoSerializationVerificationNeeded
    {
        public static Pull Instance { get; } = new();
    }
}
