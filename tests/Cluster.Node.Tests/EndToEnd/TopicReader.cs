using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Kafka.DeadLetters;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;

namespace Akka.Payments.Node.Tests.EndToEnd;

/// <summary>
/// Reads <c>payments.processed</c> and <c>payments.dlq</c> from the beginning, as an outside consumer would, and
/// decodes what it reads: the outcomes with their CloudEvents ids, the dead letters with their headers. The reading is
/// <see cref="RawTopicReader"/>'s; this keeps the decoded view of its records.
/// </summary>
public sealed class TopicReader(string bootstrapServers, int partitions, bool fromNow = false) : IDisposable
{
    private readonly RawTopicReader _raw = new(bootstrapServers, partitions, fromNow);
    private readonly HashSet<(string AccountId, string RequestId, bool IsCredit)> _requests = new();

    /// <summary>Every outcome read, with its CloudEvents id, in topic order per partition.</summary>
    public List<(string CeId, IOutcomeEvent Outcome)> Outcomes { get; } = new();

    /// <summary>Every dead letter read: key and <c>dlq_reason</c>.</summary>
    public List<(string Key, string? Reason, DeadLetterHeaders? Headers)> DeadLetters { get; } = new();

    /// <summary>Distinct requests (account, id, credit?) that have at least one outcome. Kept as records arrive:
    /// <see cref="ReadUntil"/> asks after every record, and counting afresh made reading 20,000 outcomes take minutes.</summary>
    public int DistinctRequests => _requests.Count;

    /// <summary>Reads until <paramref name="done"/> holds or the deadline passes; returns whether it held.</summary>
    public bool ReadUntil(Func<TopicReader, bool> done, TimeSpan within) =>
        _raw.ReadUntil(_ =>
        {
            DecodeNewRecords();
            return done(this);
        }, within);

    private void DecodeNewRecords()
    {
        foreach (var record in _raw.Outcomes.Skip(Outcomes.Count))
        {
            var outcome = OutcomeMessages.FromMessage(record.ToMessage()) ?? throw new InvalidOperationException("not an outcome");
            Outcomes.Add((record.Header(CloudEventHeaders.Id)!, outcome));
            _requests.Add((outcome.AccountId, outcome.RequestId, outcome is CreditApplied));
        }
        foreach (var record in _raw.DeadLetters.Skip(DeadLetters.Count))
        {
            var headers = DeadLetterHeaders.Read(record.ToMessage().Headers);
            DeadLetters.Add((record.Key, headers?.Reason, headers));
        }
    }

    public void Dispose() => _raw.Dispose();
}
