using System.Text.Json.Serialization;
using Akka.Payments.Shared.Events;

namespace Akka.Payments.Shared.Trust;

/// <summary>A record the trust plane reads, with where it was read (<see cref="Position"/>): the state counts each
/// position once and ignores a record at or below a partition's covered offset. Journaled by the trust plane inside
/// <see cref="TrustRecordsCounted"/>, so that recovery counts exactly what was counted.</summary>
/// <remarks>Discriminators are stable names, never CLR type names. The computed <see cref="At"/> and
/// <see cref="DeduplicationKey"/> are not data: <c>[JsonIgnore]</c> is not inherited by an override, so each
/// override repeats it.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$kind")]
[JsonDerivedType(typeof(Outcome), "outcome")]
[JsonDerivedType(typeof(DeadLetter), "dead-letter")]
[JsonDerivedType(typeof(Unreadable), "unreadable")]
public abstract record TrustInput(RecordPosition Position)
{
    /// <summary>The time that decides the record's window.</summary>
    [JsonIgnore]
    public abstract DateTimeOffset At { get; }

    /// <summary>What recognises the record when it is read again under another offset, or null when nothing can.</summary>
    [JsonIgnore]
    public abstract string? DeduplicationKey { get; }

    /// <summary>An outcome from <c>payments.processed</c>.</summary>
    /// <param name="EventId">Its CloudEvents <c>id</c> (<c>ce_id</c>): deterministic per outcome, so a re-emitted
    /// outcome has the same one.</param>
    /// <param name="InputTime">When the input happened, for the end-to-end latency: the outcome record's
    /// <c>ce_inputtime</c> (the input's <c>ce_time</c>, else its <c>requestedAt</c> or <c>creditedAt</c>); null when
    /// unknown, and then no latency is recorded (counted as <see cref="DataQuality.WithoutInputTime"/>).</param>
    public sealed record Outcome(RecordPosition Position, string EventId, IOutcomeEvent Event, DateTimeOffset? InputTime)
        : TrustInput(Position)
    {
        /// <summary>The outcome's <c>processedAt</c>.</summary>
        [JsonIgnore]
        public override DateTimeOffset At => Event.ProcessedAt;

        [JsonIgnore]
        public override string DeduplicationKey => EventId;
    }

    /// <summary>A dead letter from <c>payments.dlq</c>.</summary>
    /// <param name="Reason">Its <c>dlq_reason</c> (one of <see cref="DeadLetterReasons"/>).</param>
    /// <param name="Time">When the pipeline rejected the record; see <see cref="TimeOf"/>.</param>
    /// <param name="Source">Its <c>dlq_source</c> (<c>topic/partition/offset</c> of the original record), which
    /// recognises the same rejection dead-lettered twice; empty when missing.</param>
    public sealed record DeadLetter(RecordPosition Position, string Reason, DateTimeOffset Time, string Source)
        : TrustInput(Position)
    {
        [JsonIgnore]
        public override DateTimeOffset At => Time;

        [JsonIgnore]
        public override string? DeduplicationKey => Source.Length == 0 ? null : "dlq:" + Source;

        /// <summary>
        /// A dead letter's time: its <c>dlq_time</c>, else the Kafka record's timestamp. <c>dlq_time</c> is the node's
        /// clock at the moment it rejected the record, which is what <c>processedAt</c> is for an outcome (the node's
        /// clock at the moment it decided): both kinds of record then fall into the window in which the pipeline
        /// handled them, on the same clock. The input's own time is no use (an undecodable record has none) and the
        /// record timestamp depends on the topic's timestamp type (producer or broker clock); it is only the
        /// fallback for a dead letter without a readable <c>dlq_time</c>.
        /// </summary>
        public static DateTimeOffset TimeOf(DateTimeOffset? dlqTime, DateTimeOffset recordTimestamp) => dlqTime ?? recordTimestamp;
    }

    /// <summary>A record on an input topic that is neither an outcome nor a dead letter the trust plane can read
    /// (someone else wrote it): it covers its offset and is counted in <c>Unreadable</c>, nothing else.</summary>
    /// <param name="Why">What was wrong with it, for the log.</param>
    public sealed record Unreadable(RecordPosition Position, DateTimeOffset Timestamp, string Why) : TrustInput(Position)
    {
        [JsonIgnore]
        public override DateTimeOffset At => Timestamp;

        [JsonIgnore]
        public override string? DeduplicationKey => null;
    }
}
