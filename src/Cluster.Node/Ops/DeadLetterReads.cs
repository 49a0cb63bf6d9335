using System.Globalization;
using System.Text;
using Akka.Payments.Node.Kafka.DeadLetters;
using Akka.Payments.Shared.Ops;
using Akka.Payments.Shared.Trust;
using Confluent.Kafka;

namespace Akka.Payments.Node.Ops;

/// <summary>
/// Reads a <c>payments.dlq</c> record as the ops plane stores it. Total: a record without <c>dlq_reason</c> (or
/// anything else wrong with it) is read as unreadable, which still covers its offset.
/// </summary>
public static class DeadLetterReads
{
    /// <summary>Headers a replay adds to the record it produces: the dead letter it replays and its attempt.</summary>
    public const string ReplayIdHeader = "dlq_replay_id";
    public const string ReplayAttemptHeader = "dlq_replay_attempt";

    /// <summary>The dead letter's coordinates when it was replayed (<c>topic/partition/offset</c> on <c>payments.dlq</c>).</summary>
    public const string ReplaySourceHeader = "dlq_replay_source";

    /// <summary>The replay job that produced the record.</summary>
    public const string ReplayJobHeader = "dlq_replay_job";

    public static DeadLetterRead From(ConsumeResult<string, byte[]> record)
    {
        var position = new RecordPosition(record.Topic, record.Partition.Value, record.Offset.Value);
        try
        {
            var headers = record.Message.Headers;
            if (DeadLetterHeaders.Read(headers) is not { } dlq) return new DeadLetterRead(position, null, null, 0);
            var kept = new List<RecordHeader>();
            string? replayOf = null, replayJob = null;
            var attempt = 0;
            foreach (var header in headers)
            {
                if (header.Key == ReplayIdHeader) replayOf = Encoding.UTF8.GetString(header.GetValueBytes());
                else if (header.Key == ReplayJobHeader) replayJob = Encoding.UTF8.GetString(header.GetValueBytes());
                else if (header.Key == ReplayAttemptHeader)
                    _ = int.TryParse(Encoding.UTF8.GetString(header.GetValueBytes()), NumberStyles.None, CultureInfo.InvariantCulture, out attempt);
                if (!header.Key.StartsWith("dlq_", StringComparison.Ordinal)) kept.Add(new RecordHeader(header.Key, header.GetValueBytes()));
            }
            var id = IdOf(dlq.Source) ?? $"{record.Topic}-{record.Partition.Value}-{record.Offset.Value}";
            var time = dlq.Time ?? (record.Message.Timestamp.UnixTimestampMs is var ms and > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.UnixEpoch);
            var deadLetter = new StoredDeadLetter(id, position, dlq.Reason, dlq.Error, dlq.Source, record.Message.Key, kept,
                record.Message.Value ?? [], dlq.Truncated, dlq.OriginalBytes, time);
            return new DeadLetterRead(position, deadLetter, replayOf, attempt, replayJob);
        }
        catch (Exception) // total: whatever is wrong with the record, it must not stop the plane
        {
            return new DeadLetterRead(position, null, null, 0);
        }
    }

    /// <summary><c>payments.requested/3/42</c> as the id <c>payments.requested-3-42</c> (safe in a URL path); null
    /// when the source is not <c>topic/partition/offset</c>.</summary>
    public static string? IdOf(string source)
    {
        var parts = source.Split('/');
        return parts.Length == 3 && parts[0].Length > 0
               && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)
               && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? $"{parts[0]}-{parts[1]}-{parts[2]}"
            : null;
    }
}
