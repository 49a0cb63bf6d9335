using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Akka.Payments.Bench.Harness;

/// <summary>The process's memory and the backlog at one moment of a soak.</summary>
public readonly record struct SoakSample(double Seconds, double RssMiB, int Sent, int Answered)
{
    public int Backlog => Math.Max(Sent - Answered, 0);
}

/// <summary>A soak's samples and the trial it ran (whose drain shows nothing was lost once the load stopped).</summary>
public sealed record SoakResult(TrialResult Trial, IReadOnlyList<SoakSample> Samples, TimeSpan LoadDuration)
{
    private IReadOnlyList<SoakSample> Loaded => Samples.Where(s => s.Seconds <= LoadDuration.TotalSeconds).ToList();

    /// <summary>RSS at the end of the first quarter of the load, once the process has reached its working size.</summary>
    public double RssAfterFirstQuarter => Loaded.Where(s => s.Seconds >= LoadDuration.TotalSeconds / 4).Select(s => s.RssMiB).DefaultIfEmpty(0).First();

    public double RssAtEndOfLoad => Loaded.Select(s => s.RssMiB).DefaultIfEmpty(0).Last();

    public double BacklogAfterFirstQuarter => Loaded.Where(s => s.Seconds >= LoadDuration.TotalSeconds / 4).Select(s => (double)s.Backlog).DefaultIfEmpty(0).First();

    public double BacklogAtEndOfLoad => Loaded.Select(s => (double)s.Backlog).DefaultIfEmpty(0).Last();

    /// <summary>Least-squares slope of RSS over the last three quarters of the load, in MiB per minute.</summary>
    public double RssSlopeMiBPerMinute
    {
        get
        {
            var points = Loaded.Where(s => s.Seconds >= LoadDuration.TotalSeconds / 4).ToList();
            if (points.Count < 2) return 0;
            var meanX = points.Average(p => p.Seconds);
            var meanY = points.Average(p => p.RssMiB);
            var num = points.Sum(p => (p.Seconds - meanX) * (p.RssMiB - meanY));
            var den = points.Sum(p => (p.Seconds - meanX) * (p.Seconds - meanX));
            return den == 0 ? 0 : num / den * 60;
        }
    }

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"{Trial.Target,-8} {Trial.Journal,-8} offered {Trial.OfferedRate,8:N0}/s for {LoadDuration.TotalSeconds:N0} s: " +
        $"backlog {BacklogAfterFirstQuarter,8:N0} -> {BacklogAtEndOfLoad,8:N0} records, " +
        $"RSS {RssAfterFirstQuarter,5:N0} -> {RssAtEndOfLoad,5:N0} MiB (slope {RssSlopeMiBPerMinute,6:N1} MiB/min), " +
        $"peak {Trial.PeakRssMiB:N0} MiB; after the load: {Trial.Verdict}");

    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine("| second | sent | answered | backlog | RSS MiB |");
        text.AppendLine("|---:|---:|---:|---:|---:|");
        foreach (var s in Samples.Where((_, i) => i % 5 == 0 || i == Samples.Count - 1))
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {s.Seconds:N0} | {s.Sent:N0} | {s.Answered:N0} | {s.Backlog:N0} | {s.RssMiB:N0} |"));
        return text.ToString();
    }
}

/// <summary>
/// Sustained overload: offers a rate above what the system sustains and samples, every second, the process's RSS
/// and the backlog (sent minus answered). The design goal is that the backlog grows in Kafka while memory stays
/// flat. Then the load stops and the trial waits for the backlog to drain, which shows nothing was lost.
/// </summary>
public static class Soak
{
    public static async Task<SoakResult> Run(Bench bench, double rate, TimeSpan duration, Action<SoakSample> progress)
    {
        var samples = new List<SoakSample>();
        var started = Stopwatch.StartNew();
        var trial = bench.Trial(rate, duration);
        while (!trial.IsCompleted)
        {
            await Task.WhenAny(trial, Task.Delay(TimeSpan.FromSeconds(1)));
            if (trial.IsCompleted) break;
            var sample = new SoakSample(started.Elapsed.TotalSeconds, bench.Process.RssMiB(), bench.Meter.SentCount, bench.Meter.Answered);
            samples.Add(sample);
            progress(sample);
        }
        return new SoakResult(await trial, samples, duration);
    }
}
