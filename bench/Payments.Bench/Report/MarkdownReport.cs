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
        md.AppendLine("| journal | system | max payments/s | vs baseline | p50 / p99 / max at 50% | p50 / p99 / max at 80% | CPU-µs per payment (80%) | peak RSS |");
        md.AppendLine("|---|---|---:|---:|---|---|---:|---:|");
        foreach (var s in sweeps.OrderBy(s => s.Journal).ThenBy(s => s.Target switch { "ours" => 0, "baseline" => 1, _ => 2 }))
        {
            var baseline = sweeps.FirstOrDefault(b => b.Journal == s.Journal && b.Target == "baseline")?.Max?.Throughput;
            var ratio = s.Target != "baseline" && baseline is > 0 && s.Max is not null ? $"{s.Max.Throughput / baseline.Value:0.00}×" : "";
            md.AppendLine($"| {s.Journal} | {s.Target} | {Fmt(s.Max?.Throughput)} | {ratio} | {Lat(s.At50)} | {Lat(s.At80)} | {Fmt(s.At80?.CpuMicrosPerRecord)} | {Fmt(s.Trials.Max(t => (double?)t.PeakRssMiB))} MiB |");
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
        md.AppendLine("| journal | system | offered/s | achieved/s | p50 ms | p99 ms | max ms | CPU-µs/record | RSS after MiB | verdict |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var t in sweeps.SelectMany(s => s.Trials).OrderBy(t => t.Journal).ThenBy(t => t.Target).ThenBy(t => t.OfferedRate))
            md.AppendLine($"| {t.Journal} | {t.Target} | {t.OfferedRate:N0} | {t.Throughput:N0} | {t.Latency.P50Ms:N1} | {t.Latency.P99Ms:N1} | {t.Latency.MaxMs:N1} | {t.CpuMicrosPerRecord:N0} | {t.RssAfterMiB:N0} | {t.Verdict} |");
        return md.ToString();
    }

    private static string Fmt(double? v) => v is null ? "—" : v.Value.ToString("N0");

    private static string Lat(TrialResult? t) => t is null ? "—" : $"{t.Latency.P50Ms:N1} / {t.Latency.P99Ms:N1} / {t.Latency.MaxMs:N1} ms";
}
