namespace Akka.Payments.Node.Trust;

/// <summary>
/// The figures of one closed window, as the trust plane publishes them (the future
/// <c>payments.metrics.window.v1</c> when <see cref="Revision"/> is 1, <c>payments.metrics.window.restated.v1</c>
/// after that). A window is published once when it closes; a record that arrives after that restates it with the
/// next revision, and the latest revision is the window's figures. Dictionaries are sorted by key (ordinal).
/// </summary>
/// <param name="Start">Inclusive start on <c>processedAt</c>.</param>
/// <param name="End">Exclusive end.</param>
/// <param name="Revision">1 when first closed, then 2, 3, … for each restatement.</param>
/// <param name="Confirmed">Distinct confirmed payments per currency.</param>
/// <param name="Declined">Distinct declined payments per reason (<c>DeclineReasons</c>).</param>
/// <param name="Credits">Distinct applied credits per currency.</param>
/// <param name="DeadLetters">Distinct dead letters per reason (<c>DeadLetterReasons</c>).</param>
public sealed record TrustWindowClosed(
    DateTimeOffset Start,
    DateTimeOffset End,
    int Revision,
    IReadOnlyDictionary<string, CurrencyTotal> Confirmed,
    IReadOnlyDictionary<string, long> Declined,
    IReadOnlyDictionary<string, CurrencyTotal> Credits,
    IReadOnlyDictionary<string, long> DeadLetters,
    LatencyFigures Latency,
    DataQuality Quality)
{
    public bool IsRestatement => Revision > 1;

    /// <summary>Distinct outcomes counted: confirmed, declined and credits.</summary>
    public long Outcomes => Confirmed.Values.Sum(c => c.Count) + Declined.Values.Sum() + Credits.Values.Sum(c => c.Count);

    public long DeadLetterCount => DeadLetters.Values.Sum();
}

/// <summary>How many, and how much money, in one currency.</summary>
public sealed record CurrencyTotal(long Count, decimal Amount);

/// <summary>
/// End-to-end latency of the window's distinct outcomes, from the input's time to <c>processedAt</c>, in
/// <b>microseconds</b>. Percentiles come from an HdrHistogram with 3 significant digits (within 0.1% of the exact
/// value, never below it); <see cref="MaxMicros"/> is exact. Zero everywhere when <see cref="Count"/> is 0.
/// </summary>
/// <param name="Count">Outcomes with a known input time.</param>
/// <param name="SlaMisses">Outcomes whose latency is over <see cref="TrustSettings.Sla"/>.</param>
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
