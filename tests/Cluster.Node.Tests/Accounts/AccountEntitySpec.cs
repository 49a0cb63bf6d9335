using Akka.Actor;
using Akka.Configuration;
using Akka.Payments.Node.Accounts;
using Akka.Payments.Node.Accounts.Idempotency;
using Akka.Payments.Node.Journal;
using Akka.Payments.Node.Rules;
using Akka.Payments.Node.Tests.Journal;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Rules;
using Akka.Payments.Shared.Serialization;
using Akka.Persistence;
using Akka.TestKit.Xunit2;

namespace Akka.Payments.Node.Tests.Accounts;

/// <summary>The account entity against a real SQLite journal and snapshot store, in a file of its own.</summary>
public sealed class AccountEntitySpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly RulesHolder _rules = new(PaymentRules.Default);
    private AccountEntitySettings _settings = new(SnapshotEvery: 5);
    private readonly RequestIndex _index;
    private int _offset;

    public AccountEntitySpec() : base(Config(), "account-entity-spec")
    {
        _index = RequestIndex.For(Sys.Settings.Config.GetConfig("akka.persistence.journal.sql"));
    }

    private static Config Config() =>
        ConfigurationFactory.ParseString("akka.actor.serialize-messages = on")
            .WithFallback(PaymentsSerialization.Config)
            .WithFallback(SqliteJournal.Config("account-entity-spec",
                $"class = \"{typeof(GroupCommitJournal).AssemblyQualifiedName}\""));

    private IRequestHistory History => new IndexedRequestHistory(_index, Sys.Serialization);

    private IActorRef StartAccount(string id, IRequestHistory? history = null) =>
        Sys.ActorOf(AccountEntity.PropsFor(id, _settings, _rules, history ?? History, new JournalWriteLatency(), new DecisionOrigins()));

    private void StopAccount(IActorRef account)
    {
        Watch(account);
        Sys.Stop(account);
        ExpectTerminated(account);
    }

    private DecideEvent Decide(IInputEvent input) =>
        new(input, new Lineage($"ev-{_offset}", $"payments.requested/3/{_offset++}"));

    private static AccountCredited Credit(string account, decimal amount, string id) => new(id, account, amount, "EUR", T0);

    private static PaymentRequested Pay(string account, decimal amount, string id, int second = 0) =>
        new(id, account, "shop", amount, "EUR", "DE", T0.AddSeconds(second));

    [Fact]
    public void It_persists_its_decisions_and_recovers_the_same_state_after_a_restart()
    {
        var account = StartAccount("acc-restart");
        account.Tell(Decide(Credit("acc-restart", 100m, "c-1")));
        ExpectMsg<CreditApplied>(c => Assert.Equal(100m, c.BalanceAfter));
        account.Tell(Decide(Pay("acc-restart", 30m, "p-1")));
        ExpectMsg<PaymentConfirmed>(p => Assert.Equal(70m, p.BalanceAfter));
        account.Tell(Decide(Pay("acc-restart", 500m, "p-2")));
        ExpectMsg<PaymentDeclined>(p => Assert.Equal(DeclineReasons.InsufficientFunds, p.Reason));

        StopAccount(account);
        var restarted = StartAccount("acc-restart");
        restarted.Tell(new GetAccount("acc-restart"));
        var view = ExpectMsg<AccountView>();
        Assert.Equal(70m, view.Balances["EUR"]);
        Assert.Equal(3, view.EventCount);
        Assert.Equal(["p-2", "p-1", "c-1"], view.LastOutcomes.Select(o => o.RequestId));
    }

    [Fact]
    public void A_duplicate_gets_the_first_outcome_and_changes_nothing_even_after_a_restart()
    {
        var account = StartAccount("acc-dup");
        account.Tell(Decide(Credit("acc-dup", 100m, "c-1")));
        ExpectMsg<CreditApplied>();
        account.Tell(Decide(Pay("acc-dup", 60m, "p-1")));
        var first = ExpectMsg<PaymentConfirmed>();

        account.Tell(Decide(Pay("acc-dup", 60m, "p-1")));
        Assert.Equal(first, ExpectMsg<PaymentConfirmed>());

        StopAccount(account);
        var restarted = StartAccount("acc-dup");
        restarted.Tell(Decide(Pay("acc-dup", 60m, "p-1")));
        Assert.Equal(first, ExpectMsg<PaymentConfirmed>());
        restarted.Tell(new GetAccount("acc-dup"));
        var view = ExpectMsg<AccountView>();
        Assert.Equal(40m, view.Balances["EUR"]);
        Assert.Equal(2, view.EventCount);
    }

    [Fact]
    public void It_saves_a_snapshot_every_n_events_and_recovers_from_it_without_the_events_before_it()
    {
        const string persistenceId = "account-acc-snap";
        var account = StartAccount("acc-snap");
        account.Tell(Decide(Credit("acc-snap", 1_000m, "c-1")));
        ExpectMsg<CreditApplied>();
        for (var i = 0; i < 12; i++)
        {
            account.Tell(Decide(Pay("acc-snap", 10m, $"p-{i}", i)));
            ExpectMsg<PaymentConfirmed>();
        }
        StopAccount(account);

        // Snapshots every 5 events: the latest one is at event 10 and holds the state as of then.
        var snapshot = LatestSnapshot(persistenceId, at: 10);
        Assert.Equal((10, 910m), (snapshot.EventCount, snapshot.Balances["EUR"]));
        // Of the recent window it holds nothing: those events are in the journal and the request index, where a
        // duplicate is found after a recovery (the replay spec below checks that against the real index).
        Assert.Empty(snapshot.RecentEvents);
        Assert.Equal(10, snapshot.RequestFilter!.Sum(d => d.Stages.Sum(s => s.Count)));

        // Without the events the snapshot covers, only a recovery that starts from it has the whole state.
        var probe = CreateTestProbe();
        Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null).Tell(new DeleteMessagesTo(persistenceId, 10, probe.Ref));
        probe.ExpectMsg<DeleteMessagesSuccess>();

        var restarted = StartAccount("acc-snap");
        restarted.Tell(new GetAccount("acc-snap"));
        var view = ExpectMsg<AccountView>();
        Assert.Equal(880m, view.Balances["EUR"]);
        Assert.Equal(13, view.EventCount);
    }

    [Fact]
    public void Many_commands_sent_at_once_are_decided_in_order()
    {
        var account = StartAccount("acc-burst");
        account.Tell(Decide(Credit("acc-burst", 50m, "c-1")));
        for (var i = 0; i < 100; i++) account.Tell(Decide(Pay("acc-burst", 1m, $"p-{i}", i)));

        ExpectMsg<CreditApplied>();
        var outcomes = Enumerable.Range(0, 100).Select(_ => ExpectMsg<IOutcomeEvent>()).ToList();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"p-{i}"), outcomes.Select(o => o.RequestId));
        Assert.Equal(50, outcomes.Count(o => o is PaymentConfirmed));
        Assert.All(outcomes.Skip(50), o => Assert.Equal(DeclineReasons.InsufficientFunds, Assert.IsType<PaymentDeclined>(o).Reason));
    }

    [Fact]
    public void A_burst_decided_while_earlier_writes_are_pending_recovers_to_the_same_balance_from_its_snapshots()
    {
        var account = StartAccount("acc-burst-snap");
        account.Tell(Decide(Credit("acc-burst-snap", 1_000m, "c-1")));
        ExpectMsg<CreditApplied>();
        for (var i = 0; i < 60; i++) account.Tell(Decide(Pay("acc-burst-snap", 1m, $"p-{i}", i)));
        var outcomes = Enumerable.Range(0, 60).Select(_ => ExpectMsg<PaymentConfirmed>()).ToList();
        Assert.Equal(940m, outcomes[^1].BalanceAfter);

        StopAccount(account);
        var restarted = StartAccount("acc-burst-snap");
        restarted.Tell(new GetAccount("acc-burst-snap"));
        var view = ExpectMsg<AccountView>();
        Assert.Equal((940m, 61L), (view.Balances["EUR"], view.EventCount));
    }

    [Fact]
    public void A_replay_of_requests_older_than_the_recent_window_gets_the_first_outcomes_byte_for_byte_and_charges_nothing()
    {
        _settings = new AccountEntitySettings(SnapshotEvery: 7, DedupWindow: 5);
        var account = StartAccount("acc-replay");
        account.Tell(Decide(Credit("acc-replay", 1_000m, "c-1")));
        ExpectMsg<CreditApplied>();
        var first = new List<IOutcomeEvent>();
        for (var i = 0; i < 40; i++)
        {
            account.Tell(Decide(Pay("acc-replay", i % 3 == 0 ? 5_000m : 10m, $"p-{i}", i)));
            first.Add(ExpectMsg<IOutcomeEvent>());
        }

        // The same payments again, as a re-sent file would bring them: new event ids and offsets, same payment ids.
        for (var i = 0; i < 40; i++)
        {
            account.Tell(Decide(Pay("acc-replay", i % 3 == 0 ? 5_000m : 10m, $"p-{i}", i)));
            AssertSameBytes(first[i], ExpectMsg<IOutcomeEvent>());
        }
        StopAccount(account);
        var restarted = StartAccount("acc-replay");
        for (var i = 39; i >= 0; i--)
        {
            restarted.Tell(Decide(Pay("acc-replay", i % 3 == 0 ? 5_000m : 10m, $"p-{i}", i)));
            AssertSameBytes(first[i], ExpectMsg<IOutcomeEvent>());
        }
        restarted.Tell(Decide(Credit("acc-replay", 1_000m, "c-1")));
        ExpectMsg<CreditApplied>(c => Assert.Equal(1_000m, c.BalanceAfter));

        restarted.Tell(new GetAccount("acc-replay"));
        var view = ExpectMsg<AccountView>();
        Assert.Equal(1_000m - 26 * 10m, view.Balances["EUR"]);
        Assert.Equal(41, view.EventCount);
    }

    [Fact]
    public async Task The_history_believes_an_index_row_only_when_the_journal_event_answers_the_same_request()
    {
        var account = StartAccount("acc-index");
        account.Tell(Decide(Credit("acc-index", 100m, "c-1")));
        ExpectMsg<CreditApplied>();
        account.Tell(Decide(Pay("acc-index", 10m, "p-1")));
        var paid = ExpectMsg<PaymentConfirmed>();
        var history = History;

        var found = await history.Find("account-acc-index", new RequestKey(false, "p-1"));
        AssertSameBytes(paid, Assert.IsAssignableFrom<IAccountEvent>(found).Outcome);

        // Rows a failed group could leave behind: one pointing at another decision, one at an event never written.
        // (Today the index rows commit with their events; databases written before may still hold such rows.)
        SqliteJournal.InsertIndexRows(Sys.Settings.Config.GetString("akka.persistence.journal.sql.connection-string"),
            new RequestIndexEntry("account-acc-index", "p:ghost", 1, T0),
            new RequestIndexEntry("account-acc-index", "p:lost", 3, T0));
        Assert.Null(await history.Find("account-acc-index", new RequestKey(false, "ghost")));
        Assert.Null(await history.Find("account-acc-index", new RequestKey(false, "lost")));
        Assert.Null(await history.Find("account-acc-index", new RequestKey(true, "p-1")));
    }

    [Fact]
    public void An_input_the_account_cannot_apply_is_answered_with_decision_failed_and_the_next_one_is_decided()
    {
        var account = StartAccount("acc-fail");
        account.Tell(Decide(Credit("acc-fail", 100m, "c-1")));
        ExpectMsg<CreditApplied>();
        account.Tell(Decide(new PaymentRequested("p-1", "acc-fail", "shop", 1m, "EUR", "DE", DateTimeOffset.MinValue.AddMinutes(1))));
        var failed = ExpectMsg<DecisionFailed>();
        Assert.Equal(("acc-fail", "p-1"), (failed.AccountId, failed.RequestId));
        Assert.Contains("requestedAt", failed.Error);

        account.Tell(Decide(Pay("acc-fail", 10m, "p-2")));
        ExpectMsg<PaymentConfirmed>(p => Assert.Equal(90m, p.BalanceAfter));
    }

    [Fact]
    public void An_account_recovering_from_a_snapshot_reads_its_journaled_filter_stages_before_it_decides_and_retries_a_failed_read()
    {
        const string persistenceId = "account-acc-sealed";
        _settings = new AccountEntitySettings(SnapshotEvery: 500, DedupWindow: 5);
        var account = StartAccount("acc-sealed");
        for (var i = 0; i < 1_600; i++) account.Tell(Decide(Credit("acc-sealed", 1m, $"c-{i}")));
        var first = Enumerable.Range(0, 1_600).Select(_ => ExpectMsg<CreditApplied>()).ToList();
        StopAccount(account);

        // 64 + 256 + 1,024 requests fill the filter's third stage: journaled once, after the 1,344th decision. The
        // snapshot at 1,500 refers to it instead of carrying its bits.
        var snapshot = LatestSnapshot(persistenceId, at: 1_500);
        var third = snapshot.RequestFilter!.SelectMany(d => d.Stages).Single(s => s.SealedAt is not null);
        Assert.Equal((1_345L, 1_024, 0), (third.SealedAt!.Value, third.Count, third.Bits.Length));

        var history = new CountingHistory(History, failReads: 1);
        var restarted = StartAccount("acc-sealed", history);
        restarted.Tell(Decide(Credit("acc-sealed", 1m, "c-700"))); // decided into the journaled stage
        AssertSameBytes(first[700], ExpectMsg<CreditApplied>());
        Assert.Equal((2, 1), (history.Reads, history.Finds)); // one failed read, tried again; the duplicate found in the index

        // Whole again, the filter says "never decided" for new requests without asking the index (but for a rare
        // false positive); a filter still waiting for its stage would have asked for every one.
        for (var i = 0; i < 50; i++) restarted.Tell(Decide(Credit("acc-sealed", 1m, $"new-{i}")));
        var news = Enumerable.Range(0, 50).Select(_ => ExpectMsg<CreditApplied>()).ToList();
        Assert.Equal(string.Join(",", Enumerable.Range(0, 50).Select(i => $"new-{i}:{1_601 + i}")), string.Join(",", news.Select(c => $"{c.CreditId}:{c.BalanceAfter}")));
        Assert.InRange(history.Finds, 1, 3);
    }

    /// <summary>The latest stored snapshot of <paramref name="persistenceId"/>, once it is the one at <paramref name="at"/>.</summary>
    private AccountSnapshot LatestSnapshot(string persistenceId, long at)
    {
        var store = Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        var probe = CreateTestProbe();
        SelectedSnapshot? latest = null;
        AwaitAssert(() =>
        {
            store.Tell(new LoadSnapshot(persistenceId, SnapshotSelectionCriteria.Latest, long.MaxValue), probe.Ref);
            latest = probe.ExpectMsg<LoadSnapshotResult>().Snapshot;
            Assert.Equal(at, latest?.Metadata.SequenceNr);
        });
        return Assert.IsType<AccountSnapshot>(latest!.Snapshot);
    }

    /// <summary>The real history, counting its calls; its first <c>failReads</c> stage reads fail.</summary>
    private sealed class CountingHistory(IRequestHistory inner, int failReads) : IRequestHistory
    {
        private int _reads;
        private int _finds;

        public int Reads => Volatile.Read(ref _reads);
        public int Finds => Volatile.Read(ref _finds);

        public Task<IAccountEvent?> Find(string persistenceId, RequestKey key, CancellationToken cancellation = default)
        {
            Interlocked.Increment(ref _finds);
            return inner.Find(persistenceId, key, cancellation);
        }

        public Task<IReadOnlyDictionary<long, RequestFilterStageSealed>> ReadFilterStages(string persistenceId,
            IReadOnlyCollection<long> sequenceNrs, CancellationToken cancellation = default) =>
            Interlocked.Increment(ref _reads) <= failReads
                ? Task.FromException<IReadOnlyDictionary<long, RequestFilterStageSealed>>(new TimeoutException("the database did not answer"))
                : inner.ReadFilterStages(persistenceId, sequenceNrs, cancellation);
    }

    private static void AssertSameBytes(IOutcomeEvent expected, IOutcomeEvent actual) =>
        Assert.Equal(PaymentsSerializer.Encode(expected).Bytes, PaymentsSerializer.Encode(actual).Bytes);
}
