using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Payments.Node.Accounts;
using Akka.Payments.Node.Accounts.Idempotency;
using Akka.Payments.Node.Rules;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Rules;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace Akka.Payments.Node.Tests.Accounts;

/// <summary>
/// The account entity when the journal rejects its write (as a journal does with an event it cannot serialize): the
/// decision is not stored, so it must not be told, nor answered later from memory.
/// </summary>
public sealed class AccountRejectedWriteSpec() : Akka.TestKit.Xunit2.TestKit(ConfigurationFactory.ParseString($$"""
    akka.persistence.journal.plugin = "rejecting"
    rejecting.class = "{{typeof(RejectingJournal).AssemblyQualifiedName}}"
    akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.local"
    akka.persistence.snapshot-store.local.dir = "{{Path.Combine(Path.GetTempPath(), $"rejected-write-{Guid.NewGuid():N}").Replace("\\", "/", StringComparison.Ordinal)}}"
    """), "account-rejected-write-spec")
{
    [Fact]
    public void A_decision_the_journal_rejects_is_answered_decision_failed_and_the_account_stops_to_forget_it()
    {
        var account = Sys.ActorOf(AccountEntity.PropsFor("acc-rejected", new AccountEntitySettings(), new RulesHolder(PaymentRules.Default),
            new NoHistory(), new JournalWriteLatency(), new DecisionOrigins()));
        Watch(account);

        var credit = new AccountCredited("c-1", "acc-rejected", 10m, "EUR", new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero));
        account.Tell(new DecideEvent(credit, new Lineage("ev-1", "payments.requested/0/0")));

        var failed = ExpectMsg<DecisionFailed>();
        Assert.Equal("c-1", failed.RequestId);
        Assert.Contains("rejected", failed.Error, StringComparison.Ordinal);
        ExpectTerminated(account);
    }

    /// <summary>A journal that stores nothing and rejects every write.</summary>
    public sealed class RejectingJournal : AsyncWriteJournal
    {
        protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken) =>
            Task.FromResult<IImmutableList<Exception>>(messages
                .Select(_ => (Exception)new InvalidOperationException("cannot serialize this event")).ToImmutableList());

        public override Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
            Action<IPersistentRepresentation> recoveryCallback) => Task.CompletedTask;

        public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) =>
            Task.FromResult(0L);

        protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
            Task.CompletedTask;
    }

    private sealed class NoHistory : IRequestHistory
    {
        public Task<IAccountEvent?> Find(string persistenceId, RequestKey key, CancellationToken cancellation = default) =>
            Task.FromResult<IAccountEvent?>(null);

        public Task<IReadOnlyDictionary<long, RequestFilterStageSealed>> ReadFilterStages(string persistenceId,
            IReadOnlyCollection<long> sequenceNrs, CancellationToken cancellation = default) =>
            Task.FromResult<IReadOnlyDictionary<long, RequestFilterStageSealed>>(new Dictionary<long, RequestFilterStageSealed>());
    }
}
