using System.Text;
using Akka.Payments.Bench.Harness;

namespace Akka.Payments.Bench.Report;

/// <summary>The table for docs/benchmarks.md: ours and the Streamiz peer next to the baseline, per journal, from one
/// run.</summary>
public static class MarkdownReport
{
    public static string Table(IReadOnlyList<SweepResult> sweeps)
    {
        var md = new StringBuilder();
        md.AppendLine("| journal | system | max payments/s | vs baseline | p50 / p99 / p99.9 / max at 50% | p50 / p99 / p99.9 / max at 80% | CPU-µs per payment (80%) | vs baseline | peak RSS |");
        md.AppendLine("|---|---|---:|---:|---|---|---:|---:|---:|");
        foreach (var s in sweeps.OrderBy(s => s.Journal).ThenBy(s => s.Target switch { "ours" => 0, "baseline" => 1, _ => 2 }))
        {
            var baseline = sweeps.FirstOrDefault(b => b.Journal == s.Journal && b.Target == "baseline");
            var ratio = Ratio(s, baseline, r => r.Max?.Throughput);
            var cpuRatio = Ratio(s, baseline, r => r.At80?.CpuMicrosPerRecord);
            md.AppendLine($"| {s.Journal} | {s.Target} | {Fmt(s.Max?.Throughput)} | {ratio} | {Lat(s.At50)} | {Lat(s.At80)} | {Fmt(s.At80?.CpuMicrosPerRecord)} | {cpuRatio} | {Fmt(s.Trials.Max(t => (double?)t.PeakRssMiB))} MiB |");
        }
        md.AppendLine();
        md.AppendLine($"Drift: the sweep's first rate offered again at its end. Target: late p99 within {SweepResult.DriftBound}× of early. The harness's CPU is the embedded broker's, the load generator's and the meter's, per record.");
        md.AppendLine();
        md.AppendLine("| journal | system | sweep | rate | p99 early → late | p99.9 early → late | late ÷ early | CPU-µs/record early → late | harness CPU-µs/record early → late | RSS after, early → late |");
        md.AppendLine("|---|---|---:|---:|---|---|---:|---|---|---|");
        foreach (var s in sweeps.Where(s => s is { Early: not null, Late: not null }).OrderBy(s => s.Journal).ThenBy(s => s.Target))
        {
            var (e, l) = (s.Early!, s.Late!);
            var verdict = s.DriftRatio <= SweepResult.DriftBound ? "" : " (over)";
            md.AppendLine($"| {s.Journal} | {s.Target} | {s.Elapsed.TotalMinutes:N1} min | {e.OfferedRate:N0}/s | {e.Latency.P99Ms:N1} → {l.Latency.P99Ms:N1} ms | {e.Latency.P999Ms:N1} → {l.Latency.P999Ms:N1} ms | {s.DriftRatio:0.00}×{verdict} | {e.CpuMicrosPerRecord:N0} → {l.CpuMicrosPerRecord:N0} | {e.HarnessCpuMicrosPerRecord:N0} → {l.HarnessCpuMicrosPerRecord:N0} | {e.RssAfterMiB:N0} → {l.RssAfterMiB:N0} MiB |");
        }
        if (sweeps.Any(s => s.Target == "streamiz"))
        {
            md.AppendLine();
            md.AppendLine("streamiz keeps no SQL journal (its accounts live in RocksDB, made durable by a changelog topic): its journal column only says in which sweep it ran.");
        }
        return md.ToString();
    }

    public static string Trials(IReadOnlyList<SweepResult> sweeps)
    {
        var md = new StringBuilder();
        md.AppendLine("| journal | system | # | offered/s | achieved/s | p50 ms | p99 ms | p99.9 ms | max ms | CPU-µs/record | harness CPU-µs/record | RSS after MiB | verdict |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var s in sweeps.OrderBy(s => s.Journal).ThenBy(s => s.Target))
            foreach (var (t, i) in s.Trials.Select((t, i) => (t, i + 1)))
                md.AppendLine($"| {t.Journal} | {t.Target} | {i} | {t.OfferedRate:N0} | {t.Throughput:N0} | {t.Latency.P50Ms:N1} | {t.Latency.P99Ms:N1} | {t.Latency.P999Ms:N1} | {t.Latency.MaxMs:N1} | {t.CpuMicrosPerRecord:N0} | {t.HarnessCpuMicrosPerRecord:N0} | {t.RssAfterMiB:N0} | {t.Verdict} |");
        return md.ToString();
    }

    private static string Fmt(double? v) => v is null ? "—" : v.Value.ToString("N0");

    private static string Lat(TrialResult? t) => t is null ? "—" : $"{t.Latency.P50Ms:N1} / {t.Latency.P99Ms:N1} / {t.Latency.P999Ms:N1} / {t.Latency.MaxMs:N1} ms";

    private static string Ratio(SweepResult s, SweepResult? baseline, Func<SweepResult, double?> figure) =>
        s.Target != "baseline" && baseline is not null && figure(baseline) is > 0 && figure(s) is { } v ? $"{v / figure(baseline)!.Value:0.00}×" : "";
}
