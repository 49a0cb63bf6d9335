using Akka.Actor;
using Akka.Event;
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
/// </summary>
public sealed class AccountEntity : ReceivePersistentActor
{
    private readonly string _accountId;
    private readonly AccountEntitySettings _settings;
    private readonly RulesHolder _rules;
    private readonly JournalWriteLatency? _writeLatency;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private AccountState _state;
    private long _persistedSeqNr;
    private long _snapshotSeqNr;

    public AccountEntity(string accountId, AccountEntitySettings settings, RulesHolder rules, JournalWriteLatency? writeLatency = null)
    {
        _writeLatency = writeLatency;
        _accountId = accountId;
        _settings = settings;
        _rules = rules;
        _state = new AccountState(accountId, settings.DedupWindow);

        Recover<SnapshotOffer>(offer =>
        {
            _state = AccountState.FromSnapshot((AccountSnapshot)offer.Snapshot, settings.DedupWindow);
            _snapshotSeqNr = offer.Metadata.SequenceNr;
        });
        Recover<IAccountEvent>(e => _state.Apply(e));
        Recover<RecoveryCompleted>(_ => _persistedSeqNr = LastSequenceNr);

        Command<DecideEvent>(Handle);
        Command<GetAccount>(_ => DeferAsync(View(), view => Sender.Tell(view)));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of account {0} failed", _accountId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Deleting old snapshots of account {0} failed", _accountId));
    }

    public override string PersistenceId => "account-" + _accountId;

    public static Props PropsFor(string accountId, AccountEntitySettings settings, RulesHolder rules, JournalWriteLatency? writeLatency = null) =>
        Props.Create(() => new AccountEntity(accountId, settings, rules, writeLatency));

    private void Handle(DecideEvent command)
    {
        var sender = Sender;
        switch (_state.Decide(command, _rules.Current, DateTimeOffset.UtcNow))
        {
            case Decision.Duplicate duplicate:
                DeferAsync(duplicate.FirstOutcome, outcome => sender.Tell(outcome));
                break;
            case Decision.Accepted accepted:
                _state.Apply(accepted.Event);
                var writeStarted = System.Diagnostics.Stopwatch.GetTimestamp();
                PersistAsync(accepted.Event, persisted =>
                {
                    _writeLatency?.Record(writeStarted);
                    _persistedSeqNr++;
                    sender.Tell(persisted.Outcome);
                    SnapshotWhenDue();
                });
                break;
        }
    }

    /// <summary>Snapshots only when no write is pending, so a snapshot never holds an event the journal lacks.</summary>
    private void SnapshotWhenDue()
    {
        if (_persistedSeqNr != LastSequenceNr) return;
        if (_persistedSeqNr - _snapshotSeqNr < _settings.SnapshotEvery) return;
        _snapshotSeqNr = _persistedSeqNr;
        SaveSnapshot(_state.ToSnapshot());
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
}
