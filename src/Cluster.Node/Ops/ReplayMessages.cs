using System.Globalization;
using System.Text;
using Akka.Payments.Shared.Ops;
using Confluent.Kafka;

namespace Akka.Payments.Node.Ops;

/// <summary>
/// The record a replay sends back to <c>payments.requested</c>: the stored key, value (or the corrected one) and
/// original headers, plus <c>dlq_replay_id</c>, <c>dlq_replay_attempt</c>, <c>dlq_replay_source</c> (where the
/// dead letter is) and <c>dlq_replay_job</c>. If it is rejected again, its dead letter carries these, and the ops plane files it under the
/// dead letter it replayed.
/// </summary>
public static class ReplayMessages
{
    public static Message<string, byte[]> For(StoredDeadLetter deadLetter, int attempt, byte[]? correctedValue, string jobId)
    {
        var headers = new Headers();
        foreach (var header in deadLetter.Headers) headers.Add(header.Key, header.Value);
        headers.Add(DeadLetterReads.ReplayIdHeader, Encoding.UTF8.GetBytes(deadLetter.Id));
        headers.Add(DeadLetterReads.ReplayAttemptHeader, Encoding.UTF8.GetBytes(attempt.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterReads.ReplaySourceHeader, Encoding.UTF8.GetBytes(deadLetter.Position.ToString()));
        headers.Add(DeadLetterReads.ReplayJobHeader, Encoding.UTF8.GetBytes(jobId));
        return new Message<string, byte[]> { Key = deadLetter.Key!, Value = IsCorrection(correctedValue) ? correctedValue! : deadLetter.Value, Headers = headers };
    }

    /// <summary>Whether a replay carries a corrected value. An empty one is none: JSON round trips of these records
    /// (remoting, the journal) turn a missing value into an empty one.</summary>
    public static bool IsCorrection(byte[]? correctedValue) => correctedValue is { Length: > 0 };
}
