using Akka.Actor;
using Akka.Event;
using Akka.Payments.Shared.Control;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Persistence;
using PartitionLag = Akka.Payments.Node.Control.Scaling.PartitionLag;

namespace Akka.Payments.Node.Control.Scaling;

/// <summary>
/// The control plane's autoscaling singleton: a thin persistent shell around <see cref="ScalePolicy"/>.
/// <list type="bullet">
/// <item>Every node reports its <see cref="ScaleNodeSignals"/>; the latest of each is kept in memory (live figures:
/// after a failover every node reports again within one interval).</item>
/// <item>Every <see cref="ScalerSettings.SampleEvery"/> it reads the group's lag, counts the payment nodes that are
/// up and runs the policy. A decision is journaled (<see cref="ScalerDecided"/>) before anything else, so its time
/// starts a cooldown that survives a failover; then it is handed to the actuator once and published on
/// <c>payments.control</c> through an outbox: a decision journaled before a crash is published after it
/// (<see cref="ScalerPublished"/> marks what Kafka acknowledged).</item>
/// <item>Autoscale off (journaled, <see cref="ScalerAutoscaleSet"/>): it still samples and shows what it would decide,
/// but decides nothing. A manual scale is journaled, published and actuated like the policy's, and starts a
/// cooldown.</item>
/// </list>
/// The policy's counters are not journaled: after a failover they start from zero, which only delays a change.
/// </summary>
public sealed class ScalerActor : ReceivePersistentActor, IWithTimers
{
    public const string Id = "control-scaler";

    /// <summary>How many decisions <c>control status</c> shows.</summary>
    public const int DecisionsKept = 20;

    public const string Autoscaler = "autoscaler";

    private readonly ScalerSettings _settings;
    private readonly ScalerPorts _ports;
    private readonly Func<DateTimeOffset> _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, ScaleNodeSignals> _signals = new(StringComparer.Ordinal);
    private readonly List<ScalerDecided> _outbox = [];
    private readonly List<ScaleDecided> _decisions = [];
    private ScalePolicyState _policy = ScalePolicyState.Initial;
    private bool _autoscale;
    private long _nextSequence = 1;
    private int? _desired;
    private ScaleStep? _last;
    private string? _sampleError;
    private ScaleDecided? _wouldDecide;
    private int _inputPartitions;
    private bool _sampling;
    private bool _publishing;
    private TimeSpan _publishBackoff = TimeSpan.FromSeconds(1);
    private string? _host;

    public ScalerActor(ScalerSettings settings, ScalerPorts ports, Func<DateTimeOffset>? clock = null)
    {
        _settings = settings;
        _ports = ports;
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
        _autoscale = settings.Autoscale;

        Recover<ScalerDecided>(Apply);
        Recover<ScalerPublished>(Apply);
        Recover<ScalerAutoscaleSet>(e => _autoscale = e.On);
        Recover<RecoveryCompleted>(_ =>
        {
            _log.Info("Scaler recovered at sequence {0}: autoscale {1}, {2} decisions, {3} not yet published; actuator {4}",
                LastSequenceNr, _autoscale ? "on" : "off", _nextSequence - 1, _outbox.Count, _ports.Actuator.Name);
            Timers.StartPeriodicTimer("sample", Tick.Instance, settings.SampleEvery);
            Publish();
        });

        Command<ReportScaleSignals>(r =>
        {
            if (_signals.TryGetValue(r.Signals.Node, out var kept) && kept.At > r.Signals.At) return;
            _signals[r.Signals.Node] = r.Signals;
        });
        Command<SampleNow>(_ => Sample(Sender));
        Command<Tick>(_ => Sample(null));
        Command<Sampled>(OnSampled);
        Command<GetScalerStatus>(_ => Sender.Tell(Status()));
        Command<ScaleNodes>(ScaleManually);
        Command<SetAutoscale>(set =>
        {
            if (set.On == _autoscale)
            {
                Sender.Tell(new AutoscaleResponse(Host, _autoscale, Changed: false));
                return;
            }
            var sender = Sender;
            Persist(new ScalerAutoscaleSet(set.On, set.By, _clock()), e =>
            {
                _autoscale = e.On;
                if (e.On) _wouldDecide = null;
                _log.Info("Autoscale {0} by {1}", e.On ? "on" : "off", e.By);
                sender.Tell(new AutoscaleResponse(Host, e.On, Changed: true));
            });
        });
        Command<Published>(published => Persist(new ScalerPublished(published.Sequence), e =>
        {
            Apply(e);
            _publishing = false;
            _publishBackoff = TimeSpan.FromSeconds(1);
            Publish();
        }));
        Command<PublishFailed>(failed =>
        {
            _publishing = false;
            _log.Warning("Publishing scale decision {0} failed ({1}); trying again in {2}", failed.Sequence, failed.Error.Message, _publishBackoff);
            Timers.StartSingleTimer("publish", PublishNow.Instance, _publishBackoff);
            _publishBackoff = TimeSpan.FromTicks(Math.Min(_publishBackoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        });
        Command<PublishNow>(_ => Publish());
        Command<Actuated>(a =>
        {
            if (a.Error is null) _log.Info("Actuator {0} carried out {1}: {2} -> {3}", _ports.Actuator.Name, a.Decision.Id, a.Decision.From, a.Decision.To);
            else _log.Error(a.Error, "Actuator {0} failed to carry out {1}: {2} -> {3}", _ports.Actuator.Name, a.Decision.Id, a.Decision.From, a.Decision.To);
        });
    }

    public override string PersistenceId => Id;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props PropsFor(ScalerSettings settings, ScalerPorts ports, Func<DateTimeOffset>? clock = null) =>
        Props.Create(() => new ScalerActor(settings, ports, clock));

    private string Host => _host ??= ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.ToString();

    private void Apply(ScalerDecided e)
    {
        _outbox.Add(e);
        _nextSequence = e.Sequence + 1;
        _decisions.Add(e.Decision);
        if (_decisions.Count > DecisionsKept) _decisions.RemoveAt(0);
        _desired = e.Decision.To;
        _policy = _policy with { LastChangeAt = e.Decision.At };
    }

    private void Apply(ScalerPublished e) => _outbox.RemoveAll(d => d.Sequence <= e.Through);

    /// <summary>Reads the lag off the actor's thread; <see cref="Sampled"/> comes back with it.</summary>
    private void Sample(IActorRef? sender)
    {
        if (_sampling)
        {
            sender?.Tell(SampleDone.Instance); // one at a time: this one is covered by the one running
            return;
        }
        _sampling = true;
        Task<IReadOnlyList<PartitionLag>> lag;
        try { lag = _ports.Lag(); }
        catch (Exception e) { lag = Task.FromException<IReadOnlyList<PartitionLag>>(e); }
        lag.PipeTo(Self, success: l => new Sampled(l, null, sender), failure: e => new Sampled(null, e, sender));
    }

    private void OnSampled(Sampled sampled)
    {
        _sampling = false;
        if (sampled.Lag is null)
        {
            _sampleError = sampled.Error?.GetBaseException().Message ?? "no lag";
            _log.Warning("The scaler could not read the consumer group's lag: {0}", _sampleError);
            sampled.ReplyTo?.Tell(SampleDone.Instance);
            return;
        }
        var members = _ports.PaymentNodes();
        if (members.Count == 0)
        {
            // The scaler runs on a payment node: none Up means its own node is leaving (or not yet Up). Deciding now
            // would read the cluster's shutdown as a scale-in below the minimum, and start a node to make up for it.
            _sampleError = "no payment node is Up: this node is leaving or not yet Up, so nothing is decided";
            sampled.ReplyTo?.Tell(SampleDone.Instance);
            return;
        }
        _sampleError = null;
        foreach (var gone in _signals.Keys.Where(n => !members.Contains(n, StringComparer.Ordinal)).ToList()) _signals.Remove(gone);
        _inputPartitions = sampled.Lag.Select(p => p.Key).Distinct().Count();
        var nodes = _signals.Values.OrderBy(s => s.Node, StringComparer.Ordinal)
            .Select(s => new NodeSignals(s.Node, s.At, s.RecordsPerSecond, s.InFlight, s.Partitions, s.Cpu)).ToList();
        var sample = new ScaleSample(_clock(), nodes, sampled.Lag, _inputPartitions, members.Count);
        var step = ScalePolicy.Decide(_policy, sample, _settings.Policy);
        foreach (var stuck in step.Stuck.Where(s => _last?.Stuck.Any(p => p.Topic == s.Topic && p.Partition == s.Partition) != true))
            _log.Warning("Partition {0}/{1} is stuck: its committed offset {2} has not moved for {3} while others drain ({4} records behind); not scaled for",
                stuck.Topic, stuck.Partition, stuck.Committed?.ToString() ?? "(none)", stuck.For, stuck.Lag);
        _last = step;

        if (step.Decision is not { } decision)
        {
            _policy = step.Next;
            _wouldDecide = null;
            sampled.ReplyTo?.Tell(SampleDone.Instance);
            return;
        }
        var decided = new ScaleDecided($"scale-{_nextSequence}", decision.At, decision.From, decision.To, decision.Reason, Autoscaler, Signals(step));
        if (!_autoscale)
        {
            // Shown, not taken: no cooldown starts and the counters keep counting, so it stays shown while it holds.
            _policy = step.Next with
            {
                LastChangeAt = _policy.LastChangeAt,
                OverSamples = step.Signals.OverSamples,
                GrowingSamples = step.Signals.GrowingSamples,
                IdleSamples = step.Signals.IdleSamples,
            };
            if (_wouldDecide is null || (_wouldDecide.From, _wouldDecide.To) != (decision.From, decision.To))
                _log.Info("Autoscale is off: the policy would scale {0} -> {1} ({2})", decision.From, decision.To, decision.Reason);
            _wouldDecide = decided with { Id = "not-taken" };
            sampled.ReplyTo?.Tell(SampleDone.Instance);
            return;
        }
        Decide(decided, step.Next, sampled.ReplyTo, SampleDone.Instance);
    }

    private void ScaleManually(ScaleNodes command)
    {
        var policy = _settings.Policy;
        string? refused = null;
        if (command.Nodes < policy.MinNodes)
            refused = $"nodes must be at least Payments:Control:MinNodes ({policy.MinNodes}), got {command.Nodes}";
        else if (command.Nodes > policy.MaxNodes)
            refused = $"nodes must be at most Payments:Control:MaxNodes ({policy.MaxNodes}), got {command.Nodes}";
        else if (_inputPartitions > 0 && command.Nodes > _inputPartitions)
            refused = $"nodes must be at most the input partitions ({_inputPartitions}): a node beyond them gets none, got {command.Nodes}";
        if (refused is not null)
        {
            Sender.Tell(new ScaleRefused(refused));
            return;
        }
        var at = _clock();
        var decided = new ScaleDecided($"scale-{_nextSequence}", at, _ports.PaymentNodes().Count, command.Nodes, ScaleReasons.Manual, command.By,
            _last is null ? null : Signals(_last));
        var next = _policy with { LastChangeAt = at, OverSamples = 0, GrowingSamples = 0, IdleSamples = 0 };
        Decide(decided, next, Sender, null);
    }

    /// <summary>Journals the decision, then hands it to the actuator once and publishes it.</summary>
    private void Decide(ScaleDecided decided, ScalePolicyState next, IActorRef? replyTo, object? reply)
    {
        Persist(new ScalerDecided(_nextSequence, decided), e =>
        {
            Apply(e);
            _policy = next;
            _log.Info("Scale decision {0}: {1} -> {2} payment nodes ({3}, by {4})", decided.Id, decided.From, decided.To, decided.Reason, decided.By);
            Actuate(decided);
            Publish();
            replyTo?.Tell(reply ?? new ScaleResponse(Host, decided));
        });
    }

    private void Actuate(ScaleDecided decided)
    {
        Task task;
        try { task = _ports.Actuator.Scale(decided.From, decided.To, decided); }
        catch (Exception e) { task = Task.FromException(e); }
        task.PipeTo(Self, success: () => new Actuated(decided, null), failure: e => new Actuated(decided, e));
    }

    /// <summary>Publishes the oldest decision of the outbox, one at a time.</summary>
    private void Publish()
    {
        if (_publishing || _outbox.Count == 0) return;
        _publishing = true;
        var next = _outbox[0];
        Task task;
        try { task = _ports.Publish(next.Decision); }
        catch (Exception e) { task = Task.FromException(e); }
        task.PipeTo(Self, success: () => new Published(next.Sequence), failure: e => new PublishFailed(next.Sequence, e));
    }

    private ScalerStatusResponse Status()
    {
        var nodes = _ports.PaymentNodes().Count;
        var stuck = _last?.Stuck.Select(s => new StuckPartitionView(s.Topic, s.Partition, s.Committed, s.Lag, s.Since, s.For)).ToList() ?? [];
        var decisions = Enumerable.Reverse(_decisions).ToList();
        return new ScalerStatusResponse(Host, _clock(), nodes, _desired ?? nodes, _autoscale, _ports.Actuator.Name, _settings.Policy.MinNodes,
            _settings.Policy.MaxNodes, _inputPartitions, _last is null ? null : Signals(_last), _last?.Signals.At, _sampleError, _wouldDecide,
            _signals.Values.OrderBy(s => s.Node, StringComparer.Ordinal).ToList(), stuck, decisions);
    }

    /// <summary>The policy's reading of a sample as the event and the status carry it.</summary>
    private ScaleDecidedSignals Signals(ScaleStep step)
    {
        var s = step.Signals;
        return new ScaleDecidedSignals(s.CurrentNodes, s.Floor, s.Cap, s.TotalLag, s.HeldPartitions, s.HeldLag, s.Lag, s.RecordsPerSecond,
            double.IsFinite(s.LagSeconds) ? s.LagSeconds : null, s.Utilisation, s.OverSamples, s.GrowingSamples, s.IdleSamples, s.CooldownUntil,
            _signals.Values.OrderBy(n => n.Node, StringComparer.Ordinal).ToList());
    }

    /// <summary>Take a sample now (the timer sends it every <see cref="ScalerSettings.SampleEvery"/>); answered with
    /// <see cref="SampleDone"/> once the policy has run and any decision is journaled. Local only.</summary>
    public sealed record SampleNow : INoSerializationVerificationNeeded
    {
        public static SampleNow Instance { get; } = new();
    }

    public sealed record SampleDone : INoSerializationVerificationNeeded
    {
        public static SampleDone Instance { get; } = new();
    }

    private sealed record Sampled(IReadOnlyList<PartitionLag>? Lag, Exception? Error, IActorRef? ReplyTo) : INoSerializationVerificationNeeded;

    private sealed record Tick : INoSerializationVerificationNeeded
    {
        public static Tick Instance { get; } = new();
    }

    private sealed record Published(long Sequence) : INoSerializationVerificationNeeded;

    private sealed record PublishFailed(long Sequence, Exception Error) : INoSerializationVerificationNeeded;

    private sealed record PublishNow : INoSerializationVerificationNeeded
    {
        public static PublishNow Instance { get; } = new();
    }

    private sealed record Actuated(ScaleDecided Decision, Exception? Error) : INoSerializationVerificationNeeded;
}
