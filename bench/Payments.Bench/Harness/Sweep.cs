namespace Akka.Payments.Bench.Harness;

/// <summary>The sweep's findings for one target on one journal. <see cref="Early"/> is its first trial and
/// <see cref="Late"/> the same rate offered again at its end, after everything the sweep put through the system and
/// the broker: how much slower the same load got with history.</summary>
public sealed record SweepResult(
    string Target, string Journal, TrialResult? Max, TrialResult? At50, TrialResult? At80, IReadOnlyList<TrialResult> Trials,
    TrialResult? Late = null, TimeSpan Elapsed = default)
{
    public TrialResult? Early => Trials.Count > 0 ? Trials[0] : null;

    /// <summary>The target issue 15 sets: the late p99 within this factor of the early one.</summary>
    public const double DriftBound = 1.5;

    public double? DriftRatio => Early is { Latency.P99Ms: > 0 } e && Late is not null ? Late.Latency.P99Ms / e.Latency.P99Ms : null;
}

/// <summary>
/// Finds the highest offered rate a system sustains (every outcome within <see cref="Trial.LagBound"/> of the end
/// of the load, nothing lost): doubling from 1,000/s until a rate fails, then three bisections. Then measures
/// latency at 50% and 80% of it, and last offers the first trial's rate again (see <see cref="SweepResult.Late"/>).
/// </summary>
public static class Sweep
{
    public static async Task<SweepResult> Run(Bench bench, BenchOptions options, Action<TrialResult> progress)
    {
        var trials = new List<TrialResult>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        async Task<TrialResult> Measure(double rate)
        {
            var t = await bench.Trial(rate, options.Duration);
            trials.Add(t);
            progress(t);
            await bench.Meter.Settle(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(2));
            return t;
        }

        TrialResult? best = null;
        double? failed = null;
        for (var rate = 1_000.0; rate <= options.MaxRate; rate *= 2)
        {
            var t = await Measure(rate);
            if (t.Sustained) best = t;
            else { failed = rate; break; }
        }
        if (best is null && failed is not null) // not even 1,000/s: search downwards
            for (var rate = failed.Value / 2; rate >= 100 && best is null; rate /= 2)
                if (await Measure(rate) is { Sustained: true } t) best = t;
        if (best is not null && failed is not null && failed > best.OfferedRate)
        {
            var (lo, hi) = (best.OfferedRate, failed.Value);
            for (var i = 0; i < 3; i++)
            {
                var mid = Math.Round((lo + hi) / 2 / 100) * 100;
                var t = await Measure(mid);
                if (t.Sustained) { best = t; lo = mid; } else hi = mid;
            }
        }
        if (best is null) return new SweepResult(bench.Target, bench.Journal, null, null, null, trials, null, clock.Elapsed);
        var at50 = await Measure(best.OfferedRate * 0.5);
        var at80 = await Measure(best.OfferedRate * 0.8);
        var late = await Measure(trials[0].OfferedRate);
        return new SweepResult(bench.Target, bench.Journal, best, at50, at80, trials, late, clock.Elapsed);
    }
}
