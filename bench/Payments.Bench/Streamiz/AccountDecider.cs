using Akka.Payments.Node.Accounts;
using Akka.Payments.Shared.Accounts;
using Confluent.Kafka;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;

namespace Akka.Payments.Bench.Streamiz;

/// <summary>
/// The Streamiz processor: loads a request's account from the RocksDB store, decides the request as the baseline does
/// (<see cref="PlainDecider"/>: the same decoder as ours and the same pure <see cref="AccountState"/>), puts the new state back and
/// emits the outcome (or a dead letter) with its CloudEvents headers. Kafka Streams makes the store durable through
/// its changelog topic and commits the input offsets only after the store is flushed: at-least-once, with the account's
/// recent-request window turning a redelivery into the same outcome.
/// </summary>
/// <remarks>
/// A stream task owns its partitions alone, so the decider keeps the accounts it has loaded as live objects and reads
/// the store only on first touch (after a restart or a rebalance the store is the truth). Every accepted event still
/// writes the whole account to the store: that is the Kafka Streams way to make state durable, and its cost grows with
/// the account's recent-request window, which the snapshot carries.
/// </remarks>
public sealed class AccountDecider : ITransformer<string, byte[], string, byte[]>
{
    private readonly PlainDecider _decider = new();
    private readonly Dictionary<string, AccountState> _live = new(StringComparer.Ordinal);
    private IKeyValueStore<string, AccountSnapshot>? _store;

    public void Init(ProcessorContext<string, byte[]> context) =>
        _store = (IKeyValueStore<string, AccountSnapshot>)context.GetStateStore(StreamizTopology.StoreName);

    public Record<string, byte[]> Process(Record<string, byte[]> record)
    {
        var consumed = new ConsumeResult<string, byte[]>
        {
            TopicPartitionOffset = record.TopicPartitionOffset,
            Message = new Message<string, byte[]> { Key = record.Key, Value = record.Value, Headers = record.Headers, Timestamp = record.Timestamp },
        };
        var decided = _decider.Decide(consumed, Load, DateTimeOffset.UtcNow);
        if (decided.Account is { } account) _store!.Put(account.AccountId, Stored(account));
        // The topic is chosen at the sink (OutcomeTopicExtractor), from the dead letter's own header.
        return Record<string, byte[]>.Create(decided.Message.Key, decided.Message.Value, decided.Message.Headers);
    }

    public void Close() => _live.Clear();

    /// <summary>The account as the store keeps it: with its whole recent window. The node's snapshots leave the window
    /// out (its journal and request index hold those events); here the store is all there is, so the window goes in,
    /// marked as events no index holds, and comes back whole when the account is loaded.</summary>
    private static AccountSnapshot Stored(AccountState account)
    {
        var recent = account.RecentEvents.ToList();
        return account.ToSnapshot() with { RecentEvents = recent, UnindexedRecent = recent.Count };
    }

    private AccountState Load(string accountId)
    {
        if (_live.TryGetValue(accountId, out var account)) return account;
        account = _store!.Get(accountId) is { } snapshot ? AccountState.FromSnapshot(snapshot) : new AccountState(accountId);
        _live[accountId] = account;
        return account;
    }
}
