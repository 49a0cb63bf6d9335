namespace Akka.Payments.Node.Control.Scaling;

/// <summary>
/// The recent history <see cref="ScalePolicy"/> needs between samples: the counters of samples in a row, the previous
/// lag (to see it grow), the last change (for the cooldown) and each partition's committed offset since when it did not
/// move (to find stuck partitions). Immutable plain data, so that a persistent singleton can journal or snapshot it.
/// </summary>
public sealed record ScalePolicyState
{
    /// <summary>Before the first sample: no history, no change yet (so no cooldown).</summary>
    public static ScalePolicyState Initial { get; } = new();

    /// <summary>Samples in a row with lag-seconds above <see cref="ScalePolicySettings.ScaleOutLagSeconds"/>.</summary>
    public int OverSamples { get; init; }

    /// <summary>Samples in a row whose lag grew over the sample before, while not near zero.</summary>
    public int GrowingSamples { get; init; }

    /// <summary>Samples in a row with lag near zero and low utilisation.</summary>
    public int IdleSamples { get; init; }

    /// <summary>The lag scaled for (stuck partitions left out) at the previous sample; null when there is none to
    /// compare with (first sample, or the node count changed).</summary>
    public long? PreviousLag { get; init; }

    /// <summary>The node count at the previous sample; a different count at the next one resets the counters.</summary>
    public int? PreviousNodes { get; init; }

    /// <summary>The time of the sample that decided the last change; null before the first change.</summary>
    public DateTimeOffset? LastChangeAt { get; init; }

    /// <summary>Each input partition's committed offset, by <see cref="PartitionLag.Key"/>, as of the last sample.</summary>
    public IReadOnlyDictionary<string, PartitionProgress> Partitions { get; init; } = new Dictionary<string, PartitionProgress>();
}
