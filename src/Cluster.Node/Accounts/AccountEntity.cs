using Akka.Actor;
using Akka.Event;
using Akka.Payments.Node.Accounts.Idempotency;
using Akka.Payments.Node.Kafka.DeadLetters;
using Akka.Payments.Node.Rules;
using Akka.Payments.Shared.Accounts;
using Akka.Persistence;

namespace Akka.Payments.Node.Accounts;

/// <summary>
/// The thin persistent shell around <see cref="AccountState"/>, one per account, living in the shard region.
/// A new decision is applied at once (so the next command sees it) and persisted with <c>PersistAsync</c>; the reply
/// goes out only after the write succeeded. If a write fails the actor stops and recovers from the journal, and the
/// stream's retry asks again. Replies to duplicates and queries are deferred behind pending writes, so nobody is
/// ever told about a decision that is not durable.
/// A request the filter says may be old is looked up in the <see cref="IRequestHistory"/> while later messages wait
/// in the stash, so the account still decides in order. An input the account cannot decide is answered with
/// <see cref="DecisionFailed"/>, never with silence: the stream dead-letters it and goes on.
/// A snapshot is the state as of one event: it is taken when that event is decided (later decisions are applied in
/// memory before they are durable) and saved when that event is. A stage of the request filter that can no longer
/// change is journaled once (<see cref="RequestFilterStageSealed"/>) and snapshots refer to it; an account recovering
/// from such a snapshot reads those stages from the journal before it decides anything.
/// </summary>
public sealed class AccountEntity : ReceivePersistentActor, IWithTimers
{
    private readonly string _accountId;
    private readonly AccountEntitySettings _settings;
    private readonly RulesHolder _rules;
    private readonly IRequestHistory _history;
    private readonly JournalWriteLatency _writeLatency;
    private readonly DecisionOrigins _origins;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private AccountState _state;

    /// <summary>The sequence number of the latest event handed to the journal (durable or not yet).</summary>
    private long _assignedSeqNr;

    /// <summary>The sequence number of the latest snapshot taken (saved, or to be saved once its event is durable).</summary>
    private long _snapshotSeqNr;

    /// <summary>The requests whose events are being written, in write order (their answers wait for the journal).</summary>
    private readonly Queue<(DecideEvent Command, IActorRef Sender)> _writing = new();

    public AccountEntity(string accountId, AccountEntitySettings settings, RulesHolder rules, IRequestHistory history,
        JournalWriteLatency writeLatency, DecisionOrigins origins)
    {
        _writeLatency = writeLatency;
        _origins = origins;
        _accountId = accountId;
        _settings = settings;
        _rules = rules;
        _history = history;
        _state = new AccountState(accountId, settings.DedupWindow, settings.IdempotencyRetention);

        Recover<SnapshotOffer>(offer =>
        {
            _state = AccountState.FromSnapshot((AccountSnapshot)offer.Snapshot, settings.DedupWindow, settings.IdempotencyRetention);
            _snapshotSeqNr = offer.Metadata.SequenceNr;
        });
        Recover<IAccountEvent>(e => _state.Apply(e));
        Recover<RequestFilterStageSealed>(e => _state.Apply(e, LastSequenceNr));
        Recover<RecoveryCompleted>(_ =>
        {
            _assignedSeqNr = LastSequenceNr;
            if (_state.PendingFilterStages.Count > 0) ReadFilterStages();
        });

        Deciding();
    }

    public override string PersistenceId => "account-" + _accountId;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props PropsFor(string accountId, AccountEntitySettings settings, RulesHolder rules, IRequestHistory history,
        JournalWriteLatency writeLatency, DecisionOrigins origins) =>
        Props.Create(() => new AccountEntity(accountId, settings, rules, history, writeLatency, origins));

    private void Deciding()
    {
        Command<DecideEvent>(Handle);
        Command<GetAccount>(_ => DeferAsync(View(), view => Sender.Tell(view)));
        CommandAny(Housekeeping);
    }

    /// <summary>While the history answers: every other message waits, so that nothing overtakes the request.</summary>
    private void CheckingHistory()
    {
        Command<HistoryAnswer>(OnHistoryAnswer);
        StashingTheRest();
    }

    /// <summary>After a recovery, while the journaled filter stages the snapshot refers to are read: nothing is decided
    /// until the filter is whole again.</summary>
    private void ReadingFilterStages()
    {
        Command<FilterStagesRead>(OnFilterStagesRead);
        Command<ReadFilterStagesAgain>(_ => ReadFilterStages());
        StashingTheRest();
    }

    private void StashingTheRest()
    {
        Command<SaveSnapshotSuccess>(Housekeeping);
        Command<SaveSnapshotFailure>(Housekeeping);
        Command<DeleteSnapshotsSuccess>(Housekeeping);
        Command<DeleteSnapshotsFailure>(Housekeeping);
        CommandAny(_ => Stash.Stash());
    }

    private void ReadFilterStages()
    {
        Become(ReadingFilterStages);
        var self = Self;
        _history.ReadFilterStages(PersistenceId, _state.PendingFilterStages).ContinueWith(
            read => self.Tell(new FilterStagesRead(read.IsCompletedSuccessfully ? read.Result : null, read.Exception?.GetBaseException()),
                ActorRefs.NoSender),
            TaskScheduler.Default);
    }

    private void OnFilterStagesRead(FilterStagesRead read)
    {
        if (read.Error is { } error)
        {
            _log.Warning(error, "Account {0} could not read its journaled filter stages; trying again in {1}", _accountId, FilterStagesRetry);
            Timers.StartSingleTimer(ReadFilterStagesAgain.Instance, ReadFilterStagesAgain.Instance, FilterStagesRetry);
            return;
        }
        foreach (var (sequenceNr, stage) in read.Stages!) _state.LoadFilterStage(stage, sequenceNr);
        if (_state.PendingFilterStages is { Count: > 0 } missing)
            _log.Error("Account {0}: the journal holds no filter stage at {1}; until they are journaled again, every request of the " +
                       "account is looked up in the request index", _accountId, string.Join(", ", missing));
        Become(Deciding);
        Stash.UnstashAll();
    }

    private static readonly TimeSpan FilterStagesRetry = TimeSpan.FromSeconds(1);

    private void Handle(DecideEvent command)
    {
        _origins.Record(Sender);
        Act(command, Safely(() => _state.Decide(command, _rules.Current, DateTimeOffset.UtcNow)), Sender);
    }

    /// <summary>A decision that threw (a bug: Decide is pure and checks its inputs) fails only this record.</summary>
    private static Decision Safely(Func<Decision> decide)
    {
        try
        {
            return decide();
        }
        catch (Exception e)
        {
            return new Decision.Failed($"{e.GetType().Name}: {e.Message}");
        }
    }

    private void Act(DecideEvent command, Decision decision, IActorRef sender)
    {
        switch (decision)
        {
            case Decision.Duplicate duplicate:
                DeferAsync(duplicate.FirstOutcome, outcome => sender.Tell(outcome));
                break;
            case Decision.Accepted accepted:
                Accept(command, accepted, sender);
                break;
            case Decision.CheckHistory check:
                Become(CheckingHistory);
                var self = Self;
                _history.Find(PersistenceId, check.Key).ContinueWith(
                    found => self.Tell(new HistoryAnswer(command, sender, found.IsCompletedSuccessfully ? found.Result : null,
                        found.Exception?.GetBaseException()), ActorRefs.NoSender),
                    TaskScheduler.Default);
                break;
            case Decision.Failed failed:
                _log.Warning("Account {0} cannot decide {1} from {2}: {3}",
                    _accountId, command.Input.RequestId, command.Lineage.Source, failed.Error);
                DeferAsync(Failure(command, failed.Error), reply => sender.Tell(reply));
                break;
        }
    }

    private void Accept(DecideEvent command, Decision.Accepted accepted, IActorRef sender)
    {
        try
        {
            _state.Apply(accepted.Event);
        }
        catch (Exception e)
        {
            // Decide accepted what Apply cannot fold in: a bug. The state may be half-changed, so answer, then
            // restart from the journal (nothing of this event was written).
            var error = $"{e.GetType().Name}: {e.Message}";
            _log.Error(e, "Account {0} failed to apply its decision on {1}; restarting from the journal", _accountId, command.Input.RequestId);
            sender.Tell(Failure(command, error));
            throw;
        }
        var writeStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        _writing.Enqueue((command, sender));
        var sequenceNr = ++_assignedSeqNr;
        var snapshot = SnapshotIfDue(sequenceNr);
        PersistAsync(accepted.Event, persisted =>
        {
            _writing.Dequeue();
            _writeLatency.Record(writeStarted);
            sender.Tell(persisted.Outcome);
            if (snapshot is not null) Save(snapshot, sequenceNr);
        });
        SealFilterStages();
    }

    /// <summary>
    /// The state as of event <paramref name="sequenceNr"/>, just applied, when a snapshot is due: taken now, because
    /// the next decisions are applied in memory before they are durable; saved when this event is (<see cref="Save"/>).
    /// </summary>
    private AccountSnapshot? SnapshotIfDue(long sequenceNr)
    {
        if (sequenceNr - _snapshotSeqNr < _settings.SnapshotEvery) return null;
        _snapshotSeqNr = sequenceNr;
        return _state.ToSnapshot();
    }

    /// <summary>Saves a snapshot taken at <paramref name="sequenceNr"/>, now that its event is durable (the store
    /// labels it with the latest durable sequence number, which is that event's).</summary>
    private void Save(AccountSnapshot snapshot, long sequenceNr)
    {
        if (LastSequenceNr != sequenceNr)
        {
            _log.Error("Account {0} took a snapshot at event {1} but the journal confirmed {2} last; the snapshot is dropped", _accountId, sequenceNr, LastSequenceNr);
            return;
        }
        SaveSnapshot(snapshot);
    }

    /// <summary>
    /// Journals each filter stage that can no longer change, once; the snapshots taken after it carry its sequence
    /// number only. Such a snapshot is saved after a later event is durable, so after this one (a failed write stops
    /// the account before any later snapshot is saved).
    /// </summary>
    private void SealFilterStages()
    {
        List<RequestFilterStageSealed>? stages = null;
        while (_state.SealNextFilterStage(_assignedSeqNr + 1) is { } stage)
        {
            _assignedSeqNr++;
            (stages ??= []).Add(stage);
        }
        if (stages is not null) PersistAllAsync(stages, _ => { });
    }

    /// <summary>The reply for an input that cannot be decided; the error is cut so the reply always fits a frame.</summary>
    private DecisionFailed Failure(DecideEvent command, string error) =>
        new(_accountId, command.Input.RequestId, error.Length <= MaxErrorLength ? error : error[..MaxErrorLength] + "...");

    private const int MaxErrorLength = DeadLetterMessages.MaxErrorLength;

    private void OnHistoryAnswer(HistoryAnswer answer)
    {
        Become(Deciding);
        if (answer.Error is { } error)
        {
            // Not an answer: say nothing, so the stream asks again; meanwhile the next messages go on.
            _log.Warning(error, "Account {0} could not look up request {1} in its history; the stream will ask again",
                _accountId, answer.Command.Input.RequestId);
        }
        else if (answer.Found is { } earlier)
        {
            Act(answer.Command, new Decision.Duplicate(earlier.Outcome), answer.Sender);
        }
        else
        {
            Act(answer.Command, Safely(() => _state.DecideNew(answer.Command, _rules.Current, DateTimeOffset.UtcNow)), answer.Sender);
        }
        Stash.UnstashAll();
    }

    private void Housekeeping(object message)
    {
        switch (message)
        {
            case SaveSnapshotSuccess s:
                DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
                break;
            case SaveSnapshotFailure f:
                _log.Warning(f.Cause, "Snapshot of account {0} failed", _accountId);
                break;
            case DeleteSnapshotsSuccess:
                break;
            case DeleteSnapshotsFailure f:
                _log.Warning(f.Cause, "Deleting old snapshots of account {0} failed", _accountId);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private AccountView View()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow); // the clock is read here, never in Decide or Apply
        return new AccountView(
            _accountId,
            new Dictionary<string, decimal>(_state.Balances),
            _state.RecentEvents.Reverse().Take(10).Select(e => e.Outcome).ToList(),
            _state.EventCount,
            today,
            _state.ConfirmedOn(today));
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Account {0} could not persist event {1}; stopping to recover from the journal", _accountId, sequenceNr);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>
    /// A rejected write (the journal could not serialize the event) is not a stored decision, yet the decision is applied
    /// in memory already: going on would answer a redelivery of the request from a state the journal lacks, with an
    /// outcome that recovery forgets. So the request is answered with <see cref="DecisionFailed"/> (the stream
    /// dead-letters it and goes on: asking again would only be rejected again), and the account stops to recover from
    /// the journal without the decision. Writes still pending behind it get no answer; the stream asks again.
    /// </summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "The journal rejected event {1} of account {0}; answering decision_failed and stopping to recover from the journal",
            _accountId, sequenceNr);
        if (@event is IAccountEvent && _writing.TryDequeue(out var rejected))
            rejected.Sender.Tell(Failure(rejected.Command, $"the journal rejected the decision ({cause.GetType().Name}: {cause.Message})"));
        Context.Stop(Self);
    }

    /// <summary>The journaled filter stages read after a recovery, by sequence number (or why they could not be read).</summary>
    private sealed record FilterStagesRead(IReadOnlyDictionary<long, RequestFilterStageSealed>? Stages, Exception? Error)
        : INoSerializationVerificationNeeded;

    private sealed class ReadFilterStagesAgain : INoSerializationVerificationNeeded
    {
        public static readonly ReadFilterStagesAgain Instance = new();
    }

    /// <summary>What the history said about a request the filter flagged (or why it could not say).</summary>
    private sealed record HistoryAnswer(DecideEvent Command, IActorRef Sender, IAccountEvent? Found, Exception? Error)
        : INoSerializationVerificationNeeded;
}
