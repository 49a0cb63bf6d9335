namespace Akka.Payments.Shared.Events;

/// <summary>
/// The control plane decided to run <see cref="To"/> payment nodes instead of <see cref="From"/>
/// (<c>payments.scale.decided.v1</c> on <see cref="Topics.Control"/>). The scaler journals it before it is published or
/// acted on, so a decision journaled before a crash is still published after it; the id names the decision, so a
/// record published twice is recognisable as the same.
/// </summary>
/// <param name="Id">The decision's id: <c>scale-&lt;sequence&gt;</c>, the scaler's count of decisions.</param>
/// <param name="At">The time of the sample that decided (or of the operator's command).</param>
/// <param name="From">Payment nodes up at that time.</param>
/// <param name="To">Payment nodes wanted.</param>
/// <param name="Reason"><c>lag_seconds</c>, <c>lag_growing</c>, <c>idle</c>, <c>bounds</c> (the policy) or
/// <c>manual</c> (<c>payctl control scale</c>).</param>
/// <param name="By"><c>autoscaler</c>, or who gave the command.</param>
/// <param name="Signals">What the policy read at the sample that decided; for a manual decision, the latest sample
/// (null before the first).</param>
public sealed record ScaleDecided(string Id, DateTimeOffset At, int From, int To, string Reason, string By, ScaleDecidedSignals? Signals)
{
    /// <summary>Every reason a decision may give (the scaling policy's, and <c>manual</c>).</summary>
    public static readonly IReadOnlyList<string> Reasons = ["lag_seconds", "lag_growing", "idle", "bounds", "manual"];
}

/// <summary>
/// What the scaling policy read from one sample: the nodes, the bounds, the group's lag on the input topic, the
/// consume rate and the counters of samples in a row.
/// </summary>
/// <param name="Floor">The fewest nodes allowed: <c>MinNodes</c>, but not above <paramref name="Cap"/>.</param>
/// <param name="Cap">The most nodes allowed: <c>MaxNodes</c>, and not more than the input partitions.</param>
/// <param name="TotalLag">The lag of every input partition.</param>
/// <param name="HeldPartitions">Partitions with lag that do not drain while others do, left out of the signals.</param>
/// <param name="HeldLag">The lag on those partitions.</param>
/// <param name="Lag">The lag scaled for: <paramref name="TotalLag"/> minus <paramref name="HeldLag"/>.</param>
/// <param name="RecordsPerSecond">The sum of the fresh node reports' rates.</param>
/// <param name="LagSeconds"><paramref name="Lag"/> divided by <paramref name="RecordsPerSecond"/>; null when there is
/// lag and nothing is consumed (it never drains).</param>
/// <param name="Utilisation">The fresh reports' mean CPU, 0 to 1; null without a fresh report.</param>
/// <param name="CooldownUntil">Until when no change is made, while a cooldown runs.</param>
/// <param name="Nodes">The latest report of each payment node at the sample.</param>
public sealed record ScaleDecidedSignals(
    int CurrentNodes,
    int Floor,
    int Cap,
    long TotalLag,
    int HeldPartitions,
    long HeldLag,
    long Lag,
    double RecordsPerSecond,
    double? LagSeconds,
    double? Utilisation,
    int OverSamples,
    int GrowingSamples,
    int IdleSamples,
    DateTimeOffset? CooldownUntil,
    IReadOnlyList<ScaleNodeSignals> Nodes);

/// <summary>
/// What one payment node reports to the scaler every <c>Payments:Control:ReportEvery</c> (and what the scaler shows of
/// it): how fast it finishes input records, what it holds, which input partitions it owns and how busy it is.
/// </summary>
/// <param name="Node">The node's cluster address.</param>
/// <param name="At">When the node measured these figures.</param>
/// <param name="RecordsPerSecond">Input records finished per second over the last interval.</param>
/// <param name="InFlight">Input records taken from Kafka and not finished.</param>
/// <param name="Partitions">The input partitions assigned to it, as <c>topic/partition</c>.</param>
/// <param name="Cpu">The process's CPU use as a fraction of the machine's cores, 0 to 1.</param>
public sealed record ScaleNodeSignals(string Node, DateTimeOffset At, double RecordsPerSecond, long InFlight, IReadOnlyList<string> Partitions, double Cpu);
