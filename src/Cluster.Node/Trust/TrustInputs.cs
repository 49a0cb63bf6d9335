using System.Text;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Kafka.DeadLetters;
using Akka.Payments.Shared;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Trust;
using Confluent.Kafka;

namespace Akka.Payments.Node.Trust;

/// <summary>
/// Reads a Kafka record of <see cref="Topics.Processed"/> or <see cref="Topics.DeadLetters"/> as a
/// <see cref="TrustInput"/>. Total: a record that is not an outcome (or not a dead letter) is
/// <see cref="TrustInput.Unreadable"/>, which still covers its offset, so no record can stop the trust plane.
/// </summary>
public static class TrustInputs
{
    public static TrustInput From(ConsumeResult<string, byte[]> record, string deadLetterTopic = Topics.DeadLetters)
    {
        var position = new RecordPosition(record.Topic, record.Partition.Value, record.Offset.Value);
        var timestamp = record.Message.Timestamp.UnixTimestampMs is var ms and > 0
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.UnixEpoch;
        try
        {
            var headers = record.Message.Headers;
            if (record.Topic == deadLetterTopic)
            {
                return DeadLetterHeaders.Read(headers) is { } dlq
                    ? new TrustInput.DeadLetter(position, dlq.Reason, TrustInput.DeadLetter.TimeOf(dlq.Time, timestamp), dlq.Source)
                    : new TrustInput.Unreadable(position, timestamp, "a dead letter without dlq_reason");
            }
            if (OutcomeMessages.FromMessage(record.Message) is not { } outcome)
                return new TrustInput.Unreadable(position, timestamp, "not a binary-mode outcome");
            if (headers.TryGetLastBytes(CloudEventHeaders.Id, out var id) is false || id.Length == 0)
                return new TrustInput.Unreadable(position, timestamp, "an outcome without ce_id");
            return new TrustInput.Outcome(position, Encoding.UTF8.GetString(id), outcome, OutcomeMessages.ReadInputTime(headers));
        }
        catch (Exception e) // total: whatever else is wrong with the record, it must not stop the plane
        {
            return new TrustInput.Unreadable(position, timestamp, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
