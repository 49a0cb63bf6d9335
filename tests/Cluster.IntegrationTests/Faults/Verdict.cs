namespace Akka.Payments.IntegrationTests.Faults;

/// <summary>
/// What the <see cref="InvariantChecker"/> found in one fault run, in the terms of docs/reliability.md's tables:
/// the requests judged, and how many were lost, applied twice (more than one distinct outcome), decided wrongly or
/// out of order (against the reference model), with the time the run took to catch up after the fault healed.
/// </summary>
public sealed record Verdict(
    string Fault,
    string Load,
    TimeSpan FaultDuration,
    int Requests,
    int Lost,
    int DoubleApplied,
    int Wrong,
    int OutOfOrderAccounts,
    int DeadLettersMissing,
    int BalanceMismatches,
    long LagAtEnd,
    TimeSpan? Recovery,
    IReadOnlyList<string> Failures)
{
    public bool Holds => Failures.Count == 0;

    /// <summary>One row of the table in docs/reliability.md.</summary>
    public string Row() =>
        $"| {Fault} | {Load} | {FaultDuration.TotalSeconds:0} s | {Requests:N0} | {Lost} | {DoubleApplied} | {Wrong + OutOfOrderAccounts + BalanceMismatches} | " +
        $"{(Recovery is { } r ? $"{r.TotalSeconds:0.0} s" : "—")} |";

    public void AssertHolds() =>
        Assert.True(Holds, $"{Fault}: the invariants do not hold:{Environment.NewLine}{string.Join(Environment.NewLine, Failures.Take(30))}");
}
