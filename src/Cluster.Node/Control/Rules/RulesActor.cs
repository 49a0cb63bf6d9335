using Akka.Actor;
using Akka.Event;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Rules;
using Akka.Persistence;

namespace Akka.Payments.Node.Control.Rules;

/// <summary>
/// The control plane's rules singleton: a thin persistent shell around <see cref="RuleBook"/>.
/// <list type="bullet">
/// <item>A change (<see cref="ChangeRule"/>) is decided by the book; a refusal is answered at once and changes
/// nothing; an accepted change is journaled (<see cref="RuleChanged"/>), applied, answered, spread to every node and
/// published on <c>payments.control</c>.</item>
/// <item>The base: with an empty journal the book starts from this node's <c>Rules:</c> configuration and is
/// snapshotted before any change is taken (changes wait in the stash meanwhile), so recovery always starts from the
/// same rules, whatever the configuration of the node it later runs on.</item>
/// <item>Kafka: the changes after the journaled <see cref="RuleChangesDelivered"/> version are the outbox; they are
/// produced in order and their delivery journaled, so a change whose delivery was not journaled before a crash is
/// produced again after recovery, with the same CloudEvents id.</item>
/// <item>Nodes hear each change (<see cref="RulesPorts.Spread"/>) and also pull (<see cref="PullRules"/>).</item>
/// </list>
/// The persistence id is the same for every Kafka: the rule set outlives a Kafka incarnation.
/// </summary>
public sealed class RulesActor : ReceivePersistentActor, IWithTimers
{
    public const string Id = "control-rules";

    private readonly RulesPlaneSettings _settings;
    private readonly RulesPorts _ports;
    private readonly Func<DateTimeOffset> _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private RuleBook? _book;
    private long _deliveredThrough;
    private bool _based;
    private bool _publishing;
    private int _eventsSinceSnapshot;
    private string? _host;

    /// <param name="configured">This node's <c>Rules:</c> configuration: the base only when the journal is empty.</param>
    public RulesActor(RulesPlaneSettings settings, PaymentRules configured, RulesPorts ports, Func<DateTimeOffset>? clock = null)
    {
        _settings = settings;
        _ports = ports;
        _clock = clock ?? (() => DateTimeOffset.UtcNow);

        Recover<SnapshotOffer>(offer =>
        {
            (_book, _deliveredThrough) = offer.Snapshot switch
            {
                RulesPlaneSnapshot s => (RuleBook.FromSnapshot(s.Book), s.DeliveredThrough),
                RulesSnapshot s => (RuleBook.FromSnapshot(s), s.Rules.Version),
                var other => throw new InvalidOperationException($"unknown rules snapshot {other.GetType()}"),
            };
            _based = true;
        });
        Recover<RuleChanged>(e =>
        {
            if (_book is null)
            {
                // Events without the first-start snapshot (it failed): the configuration is the only base there is.
                _log.Warning("Rules plane: journaled changes without a base snapshot; replaying them onto this node's Rules: configuration");
                _book = new RuleBook(configured);
                _deliveredThrough = configured.Version;
                _based = true;
            }
            _book.Apply(e);
        });
        Recover<RuleChangesDelivered>(e => _deliveredThrough = Math.Max(_deliveredThrough, e.Through));
        Recover<RecoveryCompleted>(_ =>
        {
            if (_book is null)
            {
                _book = new RuleBook(configured);
                _deliveredThrough = configured.Version;
                _log.Info("Rules plane starts from this node's Rules: configuration at version {0}; saving it as the base", configured.Version);
                SaveBase();
            }
            _log.Info("Rules plane recovered at version {0}: {1} changes, {2} waiting to be published on payments.control",
                Book.Current.Version, Book.History.Count, Outbox().Count);
            Spread();
            Publish();
        });

        Command<ChangeRule>(Change);
        Command<GetRules>(_ => Sender.Tell(new RulesResponse(Host, Book.Current.Version, Values(Book.Current),
            Book.History.Count == 0 ? null : View(Book.History[^1]))));
        Command<GetRulesHistory>(_ => Sender.Tell(new RulesHistoryResponse(Host, Book.Current.Version,
            Book.History.Reverse().Select(View).ToList())));
        Command<PullRules>(_ => Sender.Tell(Update()));

        Command<Published>(published => Persist(new RuleChangesDelivered(published.Through), e =>
        {
            _deliveredThrough = e.Through;
            _publishing = false;
            _log.Info("Rule changes through version {0} published on payments.control", e.Through);
            Persisted();
            Publish();
        }));
        Command<PublishFailed>(failed =>
        {
            _publishing = false;
            _log.Warning("Publishing {0} rule changes to payments.control failed ({1}); trying again in {2}",
                Outbox().Count, failed.Error.Message, _settings.PublishRetry);
            Timers.StartSingleTimer("publish", PublishAgain.Instance, _settings.PublishRetry);
        });
        Command<PublishAgain>(_ => Publish());
        Command<SaveBaseAgain>(_ => SaveBase());

        Command<SaveSnapshotSuccess>(saved =>
        {
            if (!_based)
            {
                _based = true;
                _log.Info("Rules plane base saved at version {0}: changes are taken", Book.Current.Version);
                Stash.UnstashAll();
            }
            if (saved.Metadata.SequenceNr > 0) DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(failed =>
        {
            _log.Warning("Rules plane snapshot failed: {0}", failed.Cause.Message);
            if (!_based) Timers.StartSingleTimer("base", SaveBaseAgain.Instance, _settings.PublishRetry);
        });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failed => _log.Warning("Deleting old rules plane snapshots failed: {0}", failed.Cause.Message));
    }

    public override string PersistenceId => Id;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props PropsFor(RulesPlaneSettings settings, PaymentRules configured, RulesPorts ports, Func<DateTimeOffset>? clock = null) =>
        Props.Create(() => new RulesActor(settings, configured, ports, clock));

    private RuleBook Book => _book ?? throw new InvalidOperationException("the rule book is read before recovery completed");

    private string Host => _host ??= ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.ToString();

    private void Change(ChangeRule command)
    {
        if (!_based)
        {
            Stash.Stash(); // taken once the base is saved
            return;
        }
        switch (Book.Decide(new SetRule(command.Key, command.Value, command.Reason, command.By, _clock())))
        {
            case RuleDecision.Refused refused:
                _log.Info("Rule change refused ({0} = {1} by {2}): {3}", command.Key, command.Value, command.By, refused.Reason);
                Sender.Tell(new RuleRefused(refused.Reason));
                break;
            case RuleDecision.Changed changed:
                var sender = Sender;
                Persist(changed.Event, e =>
                {
                    Book.Apply(e);
                    _log.Info("Rules version {0}: {1} {2} -> {3} by {4} ({5})", e.Version, e.Key, e.OldValue, e.NewValue, e.By, e.Why);
                    sender.Tell(new SetRuleResponse(Host, View(e)));
                    Spread();
                    Persisted();
                    Publish();
                });
                break;
        }
    }

    private void SaveBase() => SaveSnapshot(new RulesPlaneSnapshot(Book.ToSnapshot(), _deliveredThrough));

    private void Persisted()
    {
        if (++_eventsSinceSnapshot < _settings.RulesSnapshotEvery) return;
        _eventsSinceSnapshot = 0;
        SaveSnapshot(new RulesPlaneSnapshot(Book.ToSnapshot(), _deliveredThrough));
    }

    private RulesUpdate Update() => new(StoredRules.From(Book.Current), Book.History.Count == 0 ? null : Book.History[^1]);

    private void Spread() => _ports.Spread(Update());

    private List<RuleChanged> Outbox() => Book.History.Where(c => c.Version > _deliveredThrough).ToList();

    /// <summary>Produces the outbox, in order, one batch at a time.</summary>
    private void Publish()
    {
        if (_publishing) return;
        var outbox = Outbox();
        if (outbox.Count == 0) return;
        _publishing = true;
        var through = outbox[^1].Version;
        _ports.Publish(outbox.Select(ToEvent).ToList()).PipeTo(Self,
            success: () => new Published(through),
            failure: e => new PublishFailed(e));
    }

    public static RulesUpdated ToEvent(RuleChanged c) => new(c.Version, c.Key, c.OldValue, c.NewValue, c.By, c.At, c.Why);

    public static RuleChangeView View(RuleChanged c) => new(c.Version, c.Key, c.OldValue, c.NewValue, c.By, c.At, c.Why);

    /// <summary>Every rule's value and what it takes, in the order of <see cref="RuleKeys.All"/>.</summary>
    public static IReadOnlyList<RuleValue> Values(PaymentRules rules) =>
        RuleKeys.All.Select(k => new RuleValue(k.Name, k.Render(rules), k.Expected)).ToList();

    private sealed record Published(long Through) : INoSerializationVerificationNeeded;

    private sealed record PublishFailed(Exception Error) : INoSerializationVerificationNeeded;

    private sealed record PublishAgain : INoSerializationVerificationNeeded
    {
        public static PublishAgain Instance { get; } = new();
    }

    private sealed record SaveBaseAgain : INoSerializationVerificationNeeded
    {
        public static SaveBaseAgain Instance { get; } = new();
    }
}
