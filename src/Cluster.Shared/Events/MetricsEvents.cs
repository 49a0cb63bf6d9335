using System.Text.Json.Serialization;

namespace Akka.Payments.Shared.Events;

/// <summary>
/// The figures of one window of the trust plane, as it publishes them on <see cref="Topics.Metrics"/>: a window is
/// published once when it closes (<see cref="MetricsWindowClosed"/>, <c>payments.metrics.window.v1</c>, revision 1);
/// a record that arrives after that restates it (<see cref="MetricsWindowRestated"/>,
/// <c>payments.metrics.window.restated.v1</c>, revision 2, 3, …), and the latest revision is the window's figures.
/// The management endpoint shows the same shape (revision 0 for a window still open). Dictionaries are sorted by
/// key (ordinal). The record key on Kafka is the window's start, so one window's revisions keep their order.
/// </summary>
/// <remarks>The discriminator is only written where the declared type is this base (inside the trust plane's journal),
/// never on Kafka, where the CloudEvents <c>type</c> says what the data is.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(MetricsWindowClosed), EventTypes.MetricsWindowClosed)]
[JsonDerivedType(typeof(MetricsWindowRestated), EventTypes.MetricsWindowRestated)]
public abstract record MetricsWindow
{
    /// <summary>Inclusive start on <c>processedAt</c>.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>Exclusive end.</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>0 while open, 1 when first closed, then 2, 3, … for each restatement.</summary>
    public required int Revision { get; init; }

    /// <summary>Distinct confirmed payments per currency.</summary>
    public required IReadOnlyDictionary<string, CurrencyTotal> Confirmed { get; init; }

    /// <summary>Distinct declined payments per reason (<see cref="DeclineReasons"/>).</summary>
    public required IReadOnlyDictionary<string, long> Declined { get; init; }

    /// <summary>Distinct applied credits per currency.</summary>
    public required IReadOnlyDictionary<string, CurrencyTotal> Credits { get; init; }

    /// <summary>Distinct dead letters per reason (<see cref="DeadLetterReasons"/>).</summary>
    public required IReadOnlyDictionary<string, long> DeadLetters { get; init; }

    public required LatencyFigures Latency { get; init; }

    public required DataQuality Quality { get; init; }

    [JsonIgnore]
    public bool IsRestatement => Revision > 1;

    /// <summary>Distinct outcomes counted: confirmed, declined and credits.</summary>
    [JsonIgnore]
    public long Outcomes => Confirmed.Values.Sum(c => c.Count) + Declined.Values.Sum() + Credits.Values.Sum(c => c.Count);

    [JsonIgnore]
    public long DeadLetterCount => DeadLetters.Values.Sum();

    /// <summary>The record of this revision: <see cref="MetricsWindowRestated"/> after the first close, else
    /// <see cref="MetricsWindowClosed"/>.</summary>
    public static MetricsWindow Of(
        DateTimeOffset start, DateTimeOffset end, int revision,
        IReadOnlyDictionary<string, CurrencyTotal> confirmed, IReadOnlyDictionary<string, long> declined,
        IReadOnlyDictionary<string, CurrencyTotal> credits, IReadOnlyDictionary<string, long> deadLetters,
        LatencyFigures latency, DataQuality quality) => revision > 1
        ? new MetricsWindowRestated
        {
            Start = start, End = end, Revision = revision, Confirmed = confirmed, Declined = declined, Credits = credits,
            DeadLetters = deadLetters, Latency = latency, Quality = quality,
        }
        : new MetricsWindowClosed
        {
            Start = start, End = end, Revision = revision, Confirmed = confirmed, Declined = declined, Credits = credits,
            DeadLetters = deadLetters, Latency = latency, Quality = quality,
        };
}

/// <summary><c>payments.metrics.window.v1</c>: a window's figures when it closes (revision 1).</summary>
public sealed record MetricsWindowClosed : MetricsWindow;

/// <summary><c>payments.metrics.window.restated.v1</c>: a closed window's figures after late records changed them.</summary>
public sealed record MetricsWindowRestated : MetricsWindow;

/// <summary>How many, and how much money, in one currency.</summary>
public sealed record CurrencyTotal(long Count, decimal Amount);

/// <summary>
/// End-to-end latency of the window's distinct outcomes, from the input's time to <c>processedAt</c>, in
/// <b>microseconds</b>. Percentiles come from an HdrHistogram with 3 significant digits (within 0.1% of the exact
/// value, never below it); <see cref="MaxMicros"/> is exact. Zero everywhere when <see cref="Count"/> is 0.
/// </summary>
/// <param name="Count">Outcomes with a known input time.</param>
/// <param name="SlaMisses">Outcomes whose latency is over the trust plane's SLA (<c>Payments:Trust:Sla</c>).</param>
public sealed record LatencyFigures(long Count, long P50Micros, long P95Micros, long P99Micros, long MaxMicros, long SlaMisses);

/// <summary>How far the window's figures can be trusted.</summary>
/// <param name="DeadLetterShare">Dead letters / (distinct outcomes + dead letters); 0 for an empty window.</param>
/// <param name="DuplicateOutcomes">Outcome records whose <c>ce_id</c> was already counted: read, not counted again.</param>
/// <param name="DuplicateDeadLetters">Dead letters of an original record (<c>dlq_source</c>) already counted.</param>
/// <param name="LateRecords">Records (duplicates included) that arrived after the window had closed and restated it.</param>
/// <param name="WithoutInputTime">Outcomes with no input time: counted, but without a latency.</param>
/// <param name="NegativeLatencies">Outcomes whose input time is after their <c>processedAt</c> (clocks disagree):
/// recorded as a latency of 0.</param>
public sealed record DataQuality(
    double DeadLetterShare,
    long DuplicateOutcomes,
    long DuplicateDeadLetters,
    long LateRecords,
    long WithoutInputTime,
    long NegativeLatencies);
