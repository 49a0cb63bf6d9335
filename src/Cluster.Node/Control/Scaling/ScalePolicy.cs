namespace Akka.Payments.Node.Control.Scaling;

/// <summary>
/// The control plane's autoscaling policy: from the state of the previous samples and one new
/// <see cref="ScaleSample"/>, the next state, the change to make (if any) and the stuck partitions. Pure: no actor, no
/// timer; the clock is the sample's <see cref="ScaleSample.At"/>, so the same samples always give the same decisions.
/// <list type="bullet">
/// <item><b>Lag in seconds:</b> <c>lagSeconds = lag / rate</c>, where <c>lag</c> is the group's lag on every partition
/// that is not stuck and <c>rate</c> the sum of the fresh node reports' records per second. No lag is 0 s; lag with a
/// rate of 0 (nothing consumed, or no fresh report) is <see cref="double.PositiveInfinity"/>: it never drains, so it
/// counts as above any threshold, and a scale-out for it goes straight to the cap.</item>
/// <item><b>Scale out</b> when lag-seconds stays above <see cref="ScalePolicySettings.ScaleOutLagSeconds"/> for
/// <see cref="ScalePolicySettings.ScaleOutSamples"/> samples in a row (<see cref="ScaleReasons.LagSeconds"/>), or the
/// lag grew at each of that many samples in a row while it was not near zero, i.e. consumption is behind production
/// even if the backlog is still short (<see cref="ScaleReasons.LagGrowing"/>). The target, like KEDA's Kafka scaler
/// (<c>ceil(lag / lagThreshold)</c>) but in seconds: <c>desired = ceil(current × lagSeconds /
/// ScaleOutLagSeconds)</c>, the count at which the backlog would drain in <c>ScaleOutLagSeconds</c> if every node
/// consumed as fast as the current ones do; at least <c>current + 1</c>, at most the cap.</item>
/// <item><b>Scale in</b> by one node when lag-seconds stays under <see cref="ScalePolicySettings.ScaleInLagSeconds"/>
/// and utilisation is low for <see cref="ScalePolicySettings.ScaleInSamples"/> samples in a row. Utilisation is low
/// when the nodes' mean CPU, carried by one node fewer (<c>mean × current / (current - 1)</c>), is under
/// <see cref="ScalePolicySettings.ScaleInUtilisation"/>: the nodes that stay would still be under it.</item>
/// <item><b>Bounds:</b> the count stays within <c>[floor, cap]</c>, where <c>cap = min(MaxNodes, input
/// partitions)</c> (a consumer beyond the partition count gets nothing to do) and <c>floor = min(MinNodes, cap)</c>
/// (the partition count wins over <c>MinNodes</c>). A count outside is brought to the nearest bound at the first
/// sample, without counting samples (<see cref="ScaleReasons.Bounds"/>), but not inside a cooldown: a node still
/// starting or draining would otherwise be ordered twice.</item>
/// <item><b>Cooldown and no flapping:</b> after every change nothing changes for
/// <see cref="ScalePolicySettings.Cooldown"/>, and the samples inside it are not counted (the cluster is rebalancing;
/// its rates say little). Every counter restarts from zero after a change and whenever the node count differs from the
/// previous sample's (a node joined, left or crashed: the samples before measured another cluster). A counter also
/// restarts at any sample that breaks its condition. The out and in thresholds differ, so lag between them changes
/// nothing, and lag swinging across them never fills a counter.</item>
/// <item><b>Partitions that do not drain:</b> other partitions "drain" when their committed offset moved or they have
/// no lag. A partition with lag at this sample and the one before whose committed offset did not move between them,
/// while another drains, is <i>held</i>; one with lag whose committed offset has not moved for
/// <see cref="ScalePolicySettings.StuckAfter"/>, while another partition moved within that time or has no lag, is
/// <i>stuck</i> and reported as a <see cref="StuckPartition"/>. The lag of both is left out of lag-seconds and of the
/// growth: more nodes would not move them. Held partitions are left out at once (commits come every half second, so a
/// partition that drains moves between two samples), because a stuck partition's lag would otherwise fill the
/// scale-out counters before <c>StuckAfter</c> has passed. When no partition drains, none is singled out: the whole
/// group is behind, and the rate says so.</item>
/// </list>
/// Order: bounds first, then scale-out (lag-seconds before growth as the reason), then scale-in.
/// </summary>
public static class ScalePolicy
{
    /// <summary>Reads one sample: the next state, the decision (null when the count stays), the stuck partitions and
    /// the signals read.</summary>
    public static ScaleStep Decide(ScalePolicyState state, ScaleSample sample, ScalePolicySettings settings)
    {
        var at = sample.At;
        var partitions = Track(state.Partitions, sample.Lag, at);
        var (stuck, held) = NotDraining(sample.Lag, state.Partitions, partitions, at, settings.StuckAfter);

        var totalLag = sample.Lag.Sum(p => Math.Max(p.Lag, 0));
        var heldLag = held.Sum(p => Math.Max(p.Lag, 0));
        var lag = totalLag - heldLag;
        var fresh = sample.Nodes.Where(n => at - n.At <= settings.SignalsMaxAge).ToList();
        var rate = fresh.Sum(n => double.IsFinite(n.RecordsPerSecond) ? Math.Max(n.RecordsPerSecond, 0) : 0);
        var lagSeconds = LagSeconds(lag, rate);
        double? utilisation = fresh.Count == 0 ? null : fresh.Average(n => Math.Clamp(double.IsNaN(n.Cpu) ? 1 : n.Cpu, 0, 1));

        var current = sample.CurrentNodes;
        var cap = sample.InputPartitions > 0 ? Math.Min(settings.MaxNodes, sample.InputPartitions) : settings.MaxNodes;
        var floor = Math.Min(settings.MinNodes, cap);
        var cooldownUntil = state.LastChangeAt is { } last && at < last + settings.Cooldown ? last + settings.Cooldown : (DateTimeOffset?)null;
        var clusterChanged = state.PreviousNodes is { } previous && previous != current;

        var over = lagSeconds > settings.ScaleOutLagSeconds;
        var growing = !clusterChanged && state.PreviousLag is { } before && lag > before && lagSeconds >= settings.ScaleInLagSeconds;
        var idle = lagSeconds < settings.ScaleInLagSeconds && utilisation is { } u
            && u * current / Math.Max(current - 1, 1) < settings.ScaleInUtilisation;

        var counted = cooldownUntil is null;
        var keep = counted && !clusterChanged;
        var overSamples = counted && over ? (keep ? state.OverSamples : 0) + 1 : 0;
        var growingSamples = counted && growing ? (keep ? state.GrowingSamples : 0) + 1 : 0;
        var idleSamples = counted && idle ? (keep ? state.IdleSamples : 0) + 1 : 0;

        var signals = new ScaleSignals(at, current, floor, cap, totalLag, held.Count, heldLag, lag, rate, lagSeconds, utilisation,
            overSamples, growingSamples, idleSamples, cooldownUntil);

        (int To, string Reason)? change = null;
        if (counted)
        {
            if (current < floor) change = (floor, ScaleReasons.Bounds);
            else if (current > cap) change = (cap, ScaleReasons.Bounds);
            else if (current < cap && overSamples >= settings.ScaleOutSamples)
                change = (ScaleOutTarget(current, cap, lagSeconds, settings), ScaleReasons.LagSeconds);
            else if (current < cap && growingSamples >= settings.ScaleOutSamples)
                change = (ScaleOutTarget(current, cap, lagSeconds, settings), ScaleReasons.LagGrowing);
            else if (current > floor && idleSamples >= settings.ScaleInSamples)
                change = (current - 1, ScaleReasons.Idle);
        }

        var next = new ScalePolicyState
        {
            OverSamples = change is null ? overSamples : 0,
            GrowingSamples = change is null ? growingSamples : 0,
            IdleSamples = change is null ? idleSamples : 0,
            PreviousLag = lag,
            PreviousNodes = current,
            LastChangeAt = change is null ? state.LastChangeAt : at,
            Partitions = partitions,
        };
        var decision = change is { } c ? new ScaleDecision(at, current, c.To, c.Reason, signals) : null;
        return new ScaleStep(next, decision, stuck, signals);
    }

    /// <summary>How long <paramref name="lag"/> records take at <paramref name="rate"/> records per second: 0 without
    /// lag, <see cref="double.PositiveInfinity"/> with lag and no rate.</summary>
    public static double LagSeconds(long lag, double rate) =>
        lag <= 0 ? 0 : rate > 0 ? lag / rate : double.PositiveInfinity;

    /// <summary><c>ceil(current × lagSeconds / ScaleOutLagSeconds)</c>, at least <c>current + 1</c>, at most
    /// <paramref name="cap"/> (an infinite lag-seconds gives the cap).</summary>
    public static int ScaleOutTarget(int current, int cap, double lagSeconds, ScalePolicySettings settings)
    {
        var desired = Math.Ceiling(current * lagSeconds / settings.ScaleOutLagSeconds);
        var bounded = Math.Min(Math.Max(desired, current + 1), cap); // in double: an infinite or huge desire is the cap
        return (int)bounded;
    }

    /// <summary>Each sampled partition's committed offset and lag, and since when the offset has not moved; partitions
    /// no longer sampled are forgotten.</summary>
    private static Dictionary<string, PartitionProgress> Track(
        IReadOnlyDictionary<string, PartitionProgress> before, IReadOnlyList<PartitionLag> lag, DateTimeOffset at)
    {
        var progress = new Dictionary<string, PartitionProgress>(lag.Count);
        foreach (var p in lag)
        {
            progress[p.Key] = before.TryGetValue(p.Key, out var seen)
                ? seen.Committed == p.Committed ? seen with { Lag = p.Lag } : new PartitionProgress(p.Committed, p.Lag, at, at)
                : new PartitionProgress(p.Committed, p.Lag, at, null);
        }
        return progress;
    }

    /// <summary>The stuck partitions, and every partition left out of the signals (the held and the stuck ones).</summary>
    private static (List<StuckPartition> Stuck, List<PartitionLag> LeftOut) NotDraining(
        IReadOnlyList<PartitionLag> lag, IReadOnlyDictionary<string, PartitionProgress> before,
        Dictionary<string, PartitionProgress> progress, DateTimeOffset at, TimeSpan stuckAfter)
    {
        var stuck = new List<StuckPartition>();
        var leftOut = new List<PartitionLag>();
        foreach (var p in lag.DistinctBy(p => p.Key))
        {
            if (p.Lag <= 0) continue;
            var mine = progress[p.Key];
            var others = progress.Where(o => o.Key != p.Key).Select(o => o.Value).ToList();
            var isStuck = at - mine.Since >= stuckAfter
                && others.Any(o => o.Lag <= 0 || (o.MovedAt is { } moved && at - moved <= stuckAfter));
            var isHeld = before.TryGetValue(p.Key, out var previous) && previous.Lag > 0 && previous.Committed == p.Committed
                && others.Any(o => o.Lag <= 0 || o.MovedAt == at);
            if (isStuck) stuck.Add(new StuckPartition(p.Topic, p.Partition, p.Committed, p.Lag, mine.Since, at - mine.Since));
            if (isStuck || isHeld) leftOut.Add(p);
        }
        return (stuck, leftOut);
    }
}
