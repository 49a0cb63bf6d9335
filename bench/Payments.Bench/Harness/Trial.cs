using System.Diagnostics;

namespace Akka.Payments.Bench.Harness;

/// <summary>Offers one rate for one duration to a running system and measures what came back.</summary>
public static class Trial
{
    /// <summary>A rate is sustained when every outcome arrived within this long after the load ended.</summary>
    public static readonly TimeSpan LagBound = TimeSpan.FromSeconds(1);

    private static int _counter;

    public static async Task<TrialResult> Run(
        SystemUnderTest sut, string journal, LoadGenerator load, OutcomeMeter meter, double rate, TimeSpan duration)
    {
        var prefix = $"t{Interlocked.Increment(ref _counter)}-{Guid.NewGuid():N}"[..14];
        meter.Begin(prefix);
        var cpuBefore = sut.CpuSeconds();
        var harnessBefore = HarnessCpuSeconds();
        var started = Stopwatch.GetTimestamp();
        var (outcomes, deadLetters) = await load.Offer(prefix, rate, duration, meter, seed: _counter);
        var loadEnded = Stopwatch.GetTimestamp();

        // Wait for the backlog: until everything is answered, or nothing new arrives for 10 s.
        var patience = TimeSpan.FromSeconds(30) + duration * 3;
        var lastCount = -1;
        var quietSince = Stopwatch.GetTimestamp();
        while (meter.Answered < outcomes || meter.DeadLetters < deadLetters)
        {
            if (meter.Answered != lastCount) { lastCount = meter.Answered; quietSince = Stopwatch.GetTimestamp(); }
            if (Stopwatch.GetElapsedTime(quietSince) > TimeSpan.FromSeconds(10) || Stopwatch.GetElapsedTime(loadEnded) > patience) break;
            await Task.Delay(20);
        }
        var cpu = sut.CpuSeconds() - cpuBefore;
        var harnessCpu = HarnessCpuSeconds() - harnessBefore;
        var lastReceipt = Math.Max(meter.LastReceipt, started);
        var answered = meter.Answered;
        var handled = Math.Max(answered + meter.DeadLetters, 1);
        var elapsed = Stopwatch.GetElapsedTime(started, lastReceipt);
        var drainedAfter = Stopwatch.GetElapsedTime(loadEnded, lastReceipt);
        var result = new TrialResult(
            sut.Name, journal, rate, outcomes, answered, deadLetters, meter.DeadLetters,
            answered / Math.Max(elapsed.TotalSeconds, 1e-3),
            meter.Latency(),
            cpu * 1e6 / handled,
            harnessCpu * 1e6 / handled,
            sut.PeakRssMiB(),
            sut.RssMiB(),
            Sustained: answered == outcomes && drainedAfter <= LagBound);
        return result;
    }

    /// <summary>CPU seconds of this process: the embedded broker's threads, the load generator and the meter.</summary>
    private static double HarnessCpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }
}
