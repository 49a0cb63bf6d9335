using Akka.Actor;
using Akka.Event;

namespace Akka.Payments.Node.Ops;

/// <summary>
/// Counts this node's undelivered Akka messages into <see cref="AkkaDeadLetters"/>: every <see cref="DeadLetter"/>,
/// <see cref="UnhandledMessage"/> and <see cref="Dropped"/> on the event stream (not the
/// <see cref="SuppressedDeadLetter"/>s Akka itself expects, such as those of stopping actors). Once a tick it
/// compares the last minute with the alert's threshold and logs one warning when it reaches it, and one
/// information line when it falls below again. Akka's own dead-letter logging (<c>akka.log-dead-letters</c>) is
/// left as it is.
/// </summary>
public sealed class AkkaDeadLetterMonitor : ReceiveActor, IWithTimers
{
    /// <summary>How often the alert is compared with the threshold unless told.</summary>
    public static readonly TimeSpan DefaultTick = TimeSpan.FromSeconds(1);

    private readonly AkkaDeadLetters _counts;
    private readonly TimeSpan _tick;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Address _self = ((ExtendedActorSystem)Context.System).Provider.DefaultAddress;

    public AkkaDeadLetterMonitor(AkkaDeadLetters counts, TimeSpan tick)
    {
        _counts = counts;
        _tick = tick;
        Receive<SuppressedDeadLetter>(_ => { });
        Receive<DeadLetter>(d => Count(AkkaDeadLetterKind.DeadLetter, d.Message, d.Recipient));
        Receive<UnhandledMessage>(u => Count(AkkaDeadLetterKind.Unhandled, u.Message, u.Recipient));
        Receive<Dropped>(d => Count(AkkaDeadLetterKind.Dropped, d.Message, d.Recipient));
        Receive<Tick>(_ => CheckAlert());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props PropsFor(AkkaDeadLetters counts, TimeSpan? tick = null) =>
        Props.Create(() => new AkkaDeadLetterMonitor(counts, tick ?? DefaultTick));

    protected override void PreStart()
    {
        // UnhandledMessage is named as well as AllDeadLetters, whatever Akka derives it from; a subscriber gets an
        // event once however many of its classes it subscribed to.
        Context.System.EventStream.Subscribe(Self, typeof(AllDeadLetters));
        Context.System.EventStream.Subscribe(Self, typeof(UnhandledMessage));
        Timers.StartPeriodicTimer(Tick.Instance, Tick.Instance, _tick);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void Count(AkkaDeadLetterKind kind, object? message, IActorRef? recipient) =>
        _counts.Count(kind, AkkaDeadLetters.MessageTypeName(message), recipient is null ? "(none)" : Recipient(recipient.Path));

    /// <summary>A local recipient by its path alone, a remote one with its address (another node's actor).</summary>
    private string Recipient(ActorPath path) =>
        path.Address.HasGlobalScope && path.Address != _self ? path.ToString() : path.ToStringWithoutAddress();

    private void CheckAlert()
    {
        if (_counts.UpdateAlert() is not { } alert) return;
        if (alert.On)
            _log.Warning(
                "Akka dead letters: {0} undelivered messages in the last minute, at or over Payments:Ops:DeadLetterAlertPerMinute ({1}); " +
                "most often (since the start) {2} to {3}. payctl ops deadletters shows more",
                alert.LastMinute, alert.Threshold, alert.TopMessageType ?? "-", alert.TopRecipient ?? "-");
        else
            _log.Info("Akka dead letters back under Payments:Ops:DeadLetterAlertPerMinute ({0}): {1} in the last minute",
                alert.Threshold, alert.LastMinute);
    }

    private sealed class Tick : INoSerializationVerificationNeeded
    {
        public static readonly Tick Instance = new();
    }
}
