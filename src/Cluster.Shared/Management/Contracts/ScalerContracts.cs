using Akka.Payments.Shared.Events;

namespace Akka.Payments.Shared.Management.Contracts;

/// <summary>
/// <c>GET /control/status</c>: what the scaler sees and decided. <see cref="Sample"/> is what the policy read at the
/// latest sample (null before the first; <see cref="SampleError"/> says why the latest failed).
/// </summary>
/// <param name="Host">The node the scaler runs on.</param>
/// <param name="Nodes">Payment nodes up now.</param>
/// <param name="Desired">The nodes the last decision asked for (<see cref="Nodes"/> before any).</param>
/// <param name="Autoscale">Whether the policy's decisions are acted on; off, <see cref="WouldDecide"/> shows what it
/// would have done at the latest sample.</param>
/// <param name="Actuator"><c>log</c>, <c>process</c> or <c>swarm</c>.</param>
/// <param name="Signals">The latest report of each payment node.</param>
/// <param name="Stuck">Input partitions that do not drain while others do (reported, not scaled for).</param>
/// <param name="Decisions">The latest decisions, newest first.</param>
public sealed record ScalerStatusResponse(
    string Host,
    DateTimeOffset At,
    int Nodes,
    int Desired,
    bool Autoscale,
    string Actuator,
    int MinNodes,
    int MaxNodes,
    int InputPartitions,
    ScaleDecidedSignals? Sample,
    DateTimeOffset? SampleAt,
    string? SampleError,
    ScaleDecided? WouldDecide,
    IReadOnlyList<ScaleNodeSignals> Signals,
    IReadOnlyList<StuckPartitionView> Stuck,
    IReadOnlyList<ScaleDecided> Decisions);

/// <summary>An input partition whose committed offset has not moved for <see cref="For"/> while it has lag and others
/// drain.</summary>
public sealed record StuckPartitionView(string Topic, int Partition, long? Committed, long Lag, DateTimeOffset Since, TimeSpan For);

/// <summary><c>POST /control/scale</c>: run this many payment nodes.</summary>
public sealed record ScaleRequest(int Nodes);

/// <summary>The manual decision, journaled and handed to the actuator; a cooldown starts with it.</summary>
public sealed record ScaleResponse(string Host, ScaleDecided Decision);

/// <summary><c>POST /control/autoscale</c>.</summary>
public sealed record AutoscaleRequest(bool On);

/// <param name="Changed">False when it was already so.</param>
public sealed record AutoscaleResponse(string Host, bool On, bool Changed);
