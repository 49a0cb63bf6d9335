namespace Akka.Payments.Bench.Harness;

/// <summary>One measurement: one target on one journal at one offered rate. <see cref="CpuMicrosPerRecord"/> is the
/// process under test's CPU per record handled; <see cref="HarnessCpuMicrosPerRecord"/> is the harness's own (the
/// embedded broker, the load generator and the meter), which shares the same cores.</summary>
public sealed record TrialResult(
    string Target,
    string Journal,
    double OfferedRate,
    int ExpectedOutcomes,
    int Answered,
    int ExpectedDeadLetters,
    long DeadLetters,
    double Throughput,
    LatencySummary Latency,
    double CpuMicrosPerRecord,
    double HarnessCpuMicrosPerRecord,
    double PeakRssMiB,
    double RssAfterMiB,
    bool Sustained)
{
    /// <summary>Requests that never got an outcome: with the embedded Kafka, records its retention dropped.</summary>
    public int Lost => ExpectedOutcomes - Answered;

    public string Verdict => Lost > 0 ? $"LOST {Lost}" : Sustained ? "ok" : "lagging";

    public override string ToString() =>
        $"{Target,-8} {Journal,-8} offered {OfferedRate,8:N0}/s  achieved {Throughput,8:N0}/s  " +
        $"p50 {Latency.P50Ms,8:N1} ms  p99 {Latency.P99Ms,8:N1} ms  p99.9 {Latency.P999Ms,8:N1} ms  max {Latency.MaxMs,8:N1} ms  " +
        $"CPU {CpuMicrosPerRecord,6:N0} µs/record (harness {HarnessCpuMicrosPerRecord,5:N0})  RSS {RssAfterMiB,5:N0} MiB, peak {PeakRssMiB,5:N0}  {Verdict}";
}
