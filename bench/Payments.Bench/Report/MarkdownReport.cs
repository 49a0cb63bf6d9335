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
        foreach (var s in sweeps.OrderBy(s => s.Journal).ThenBy(s => s.Target switch { "ours" => 0, SystemUnderTest.TwoNodes => 1, "baseline" => 2, _ => 3 }))
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
        Scaling(md, sweeps);
        if (sweeps.Any(s => s.Target == "streamiz"))
        {
            md.AppendLine();
            md.AppendLine("streamiz keeps no SQL journal (its accounts live in RocksDB, made durable by a changelog topic): its journal column only says in which sweep it ran.");
        }
        return md.ToString();
    }

    /// <summary>
    /// Two nodes against one, where a run has both: the ratio of their maxima, and at every rate both were offered,
    /// payments per CPU-second of two nodes over one (one node's CPU per payment over two nodes'). With a core each, two
    /// nodes reach 1.6x one node's rate only if being two costs at most 1/0.8 of the CPU per payment, so the target
    /// read per CPU-second is 0.8.
    /// </summary>
    private static void Scaling(StringBuilder md, IReadOnlyList<SweepResult> sweeps)
    {
        var pairs = sweeps.Where(s => s.Target == SystemUnderTest.TwoNodes)
            .Select(two => (One: sweeps.FirstOrDefault(s => s.Journal == two.Journal && s.Target == "ours"), Two: two))
            .Where(p => p.One is not null).ToList();
        if (pairs.Count == 0) return;
        md.AppendLine();
        md.AppendLine($"Scaling: {SystemUnderTest.TwoNodes} (two nodes in one cluster, on the same cores) against ours (one node). Payments per CPU-second, two ÷ one, must be at least {ScalingPerCpuBound} for two nodes on cores of their own to reach 1.6× one node's rate.");
        md.AppendLine();
        foreach (var (one, two) in pairs)
            md.AppendLine($"- {two.Journal}: max {Fmt(one!.Max?.Throughput)}/s with one node, {Fmt(two.Max?.Throughput)}/s with two ({Fmt2(Quotient(two.Max?.Throughput, one.Max?.Throughput))}×).");
        md.AppendLine();
        md.AppendLine("| journal | offered/s | one node: CPU-µs per payment | two nodes: CPU-µs per payment | per CPU-second, two ÷ one | p99 one → two |");
        md.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var (one, two) in pairs)
            foreach (var a in one!.Trials.Where(t => t.Sustained).DistinctBy(t => t.OfferedRate).OrderBy(t => t.OfferedRate))
            {
                if (two.Trials.FirstOrDefault(t => t.OfferedRate == a.OfferedRate && t.Sustained) is not { } b) continue;
                var perCpu = Quotient(a.CpuMicrosPerRecord, b.CpuMicrosPerRecord);
                var verdict = perCpu >= ScalingPerCpuBound ? "" : " (under)";
                md.AppendLine($"| {two.Journal} | {a.OfferedRate:N0} | {a.CpuMicrosPerRecord:N0} | {b.CpuMicrosPerRecord:N0} | {Fmt2(perCpu)}{verdict} | {a.Latency.P99Ms:N1} → {b.Latency.P99Ms:N1} ms |");
            }
    }

    /// <summary>Issue 15's 1.6x for two nodes, read per CPU-second on shared cores (1.6 / 2).</summary>
    public const double ScalingPerCpuBound = 0.8;

    private static double? Quotient(double? a, double? b) => a is { } x && b is > 0 ? x / b.Value : null;

    private static string Fmt2(double? v) => v is null ? "—" : v.Value.ToString("0.00");

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
        s.Target != "baseline" && baseline is not null && Quotient(figure(s), figure(baseline)) is { } q ? $"{q:0.00}×" : "";
}
