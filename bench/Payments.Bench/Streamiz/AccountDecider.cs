using Akka.Payments.Node.Accounts;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Kafka.DeadLetters;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.DeadLetters;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;

namespace Akka.Payments.Bench.Streamiz;

/// <summary>
/// The Streamiz processor: decodes each request with the same decoder as ours and the baseline, loads its account
/// from the RocksDB store, decides it with the same pure <see cref="AccountState"/>, puts the new state back and
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
    private readonly KafkaCloudEventDecoder _decoder = new();
    private readonly Dictionary<string, AccountState> _live = new(StringComparer.Ordinal);
    private IKeyValueStore<string, AccountSnapshot>? _store;

    public void Init(ProcessorContext<string, byte[]> context) =>
        _store = (IKeyValueStore<string, AccountSnapshot>)context.GetStateStore(StreamizTopology.StoreName);

    public Record<string, byte[]> Process(Record<string, byte[]> record)
    {
        var now = DateTimeOffset.UtcNow;
        var consumed = new ConsumeResult<string, byte[]>
        {
            TopicPartitionOffset = record.TopicPartitionOffset,
            Message = new Message<string, byte[]> { Key = record.Key, Value = record.Value, Headers = record.Headers, Timestamp = record.Timestamp },
        };
        var decoded = _decoder.Decode(consumed);
        if (decoded.Rejection is { } rejection) return ToRecord(DeadLetterMessages.Build(consumed, rejection, now));

        var input = decoded.Input!;
        var account = Load(input.Event.AccountId);
        var source = $"{record.TopicPartitionOffset.Topic}/{record.TopicPartitionOffset.Partition.Value}/{record.TopicPartitionOffset.Offset.Value}";
        var command = new DecideEvent(input.Event, new Lineage(input.Id, source));
        var decision = account.Decide(command, BenchRules.Relaxed, now);
        // Like the baseline, it keeps no request index: a request the filter flags is decided as new. The bench sends
        // no replays, so this costs it nothing it should pay.
        if (decision is Decision.CheckHistory) decision = account.DecideNew(command, BenchRules.Relaxed, now);
        switch (decision)
        {
            case Decision.Accepted accepted:
                account.Apply(accepted.Event);
                _store!.Put(account.AccountId, account.ToSnapshot());
                return ToRecord(OutcomeMessages.ToMessage(accepted.Event.Outcome));
            case Decision.Duplicate duplicate:
                return ToRecord(OutcomeMessages.ToMessage(duplicate.FirstOutcome));
            case Decision.Failed failed:
                return ToRecord(DeadLetterMessages.Build(consumed, new Rejection(DeadLetterReasons.DecisionFailed, failed.Error), now));
            default:
                throw new InvalidOperationException($"unexpected decision {decision.GetType().Name}");
        }
    }

    public void Close() => _live.Clear();

    private AccountState Load(string accountId)
    {
        if (_live.TryGetValue(accountId, out var account)) return account;
        account = _store!.Get(accountId) is { } snapshot ? AccountState.FromSnapshot(snapshot) : new AccountState(accountId);
        _live[accountId] = account;
        return account;
    }

    private static Record<string, byte[]> ToRecord(Message<string, byte[]> message) =>
        Record<string, byte[]>.Create(message.Key, message.Value, message.Headers);
}
