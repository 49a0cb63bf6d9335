namespace Akka.Payments.IntegrationTests.Faults.Chaos;

/// <summary>One fault of a chaos run: what, on which target, when it begins and how long it is held.</summary>
public sealed record ScheduledFault(TimeSpan At, string Kind, string Target, TimeSpan Hold)
{
    public TimeSpan Ends => At + Hold;

    public override string ToString() => $"{At.TotalSeconds,6:0} s  {Kind} {Target} for {Hold.TotalSeconds:0} s";
}

/// <summary>A kind of fault the chaos run can inject, with the range its hold is drawn from and its possible targets.</summary>
public sealed record FaultKind(string Name, TimeSpan MinHold, TimeSpan MaxHold, IReadOnlyList<string> Targets);

/// <summary>
/// A random but reproducible fault schedule: from a seed, faults one after the other, each held for a time drawn from
/// its kind's range and followed by a quiet gap in which the cluster must recover, until the run's length is used up.
/// One fault at a time, so that each recovery can be timed and a failure pinned to its fault.
/// </summary>
public static class ChaosSchedule
{
    public static IReadOnlyList<ScheduledFault> Draw(int seed, TimeSpan length, IReadOnlyList<FaultKind> kinds, TimeSpan minGap, TimeSpan maxGap)
    {
        ArgumentOutOfRangeException.ThrowIfZero(kinds.Count);
        var random = new Random(seed);
        var faults = new List<ScheduledFault>();
        var at = Between(random, minGap, maxGap);
        while (true)
        {
            var kind = kinds[random.Next(kinds.Count)];
            var fault = new ScheduledFault(at, kind.Name, kind.Targets[random.Next(kind.Targets.Count)], Between(random, kind.MinHold, kind.MaxHold));
            if (fault.Ends > length) break;
            faults.Add(fault);
            at = fault.Ends + Between(random, minGap, maxGap);
        }
        return faults;
    }

    private static TimeSpan Between(Random random, TimeSpan min, TimeSpan max) =>
        min + TimeSpan.FromSeconds(Math.Round(random.NextDouble() * (max - min).TotalSeconds));
}
