using System.Globalization;
using Akka.Payments.IntegrationTests.Processes;
using Xunit.Abstractions;

namespace Akka.Payments.IntegrationTests.Faults.Chaos;

/// <summary>
/// The chaos run: a steady load on two nodes while a random (seeded, reproducible) schedule injects one fault after
/// another, judged at the end by the same <see cref="InvariantChecker"/> as every fault spec, with the timeline and
/// each fault's recovery printed. <c>bench/chaos.sh MINUTES [SEED] [RATE]</c> runs it for as long
/// as anyone likes; CI leaves it out (<c>PAYMENTS_CHAOS_MINUTES</c>, <c>PAYMENTS_CHAOS_SEED</c>, <c>PAYMENTS_CHAOS_RATE</c>).
/// </summary>
[Collection(NodeFaultCollection.Name)]
public sealed class ChaosSpec(FaultCluster fixture, ITestOutputHelper output)
{
    private static double Setting(string name, double fallback) =>
        double.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    [SkippableFact]
    public async Task A_random_schedule_of_faults_under_load_loses_repeats_and_reorders_no_payment()
    {
        // Every fault it draws has a spec of its own in the suite; the chaos run is for people (bench/chaos.sh), and
        // would cost the CI budget minutes to say again what those specs say.
        Skip.If(Environment.GetEnvironmentVariable("PAYMENTS_CHAOS_MINUTES") is null,
            "the chaos run is for people: bench/chaos.sh MINUTES [SEED] [RATE] (sets PAYMENTS_CHAOS_MINUTES)");
        var cluster = await fixture.Begin(output);
        var minutes = Setting("PAYMENTS_CHAOS_MINUTES", 1);
        var seed = (int)Setting("PAYMENTS_CHAOS_SEED", 1);
        var rate = (int)Setting("PAYMENTS_CHAOS_RATE", 200);
        var length = TimeSpan.FromMinutes(minutes);
        using var faults = new ChaosFaults(cluster, fixture, seed);
        var schedule = ChaosSchedule.Draw(seed, length, faults.Kinds, minGap: TimeSpan.FromSeconds(8), maxGap: TimeSpan.FromSeconds(15));
        output.WriteLine($"[chaos] {minutes:0.##} min at {rate}/s, seed {seed}: {schedule.Count} faults");
        foreach (var fault in schedule) output.WriteLine($"[chaos]   {fault}");

        using var run = new FaultRun(cluster, $"chaos-{seed}", output, accounts: 200, payments: (int)(rate * length.TotalSeconds), malformed: 12);
        run.StartLoad(rate);
        foreach (var fault in schedule)
        {
            run.Read(() => run.Elapsed >= fault.At, fault.At - run.Elapsed + TimeSpan.FromMinutes(1));
            run.FaultBegins($"{fault.Kind} {fault.Target}");
            await faults.Inject(fault);
            run.Read(() => run.Elapsed >= fault.Ends, fault.Ends - run.Elapsed + TimeSpan.FromMinutes(1));
            await faults.Heal(fault);
            run.FaultHeals($"{fault.Kind} {fault.Target}");
        }

        var verdict = await run.Judge(TimeSpan.FromMinutes(3));
        output.WriteLine("[chaos] fault | held | recovered after");
        foreach (var (fault, held, recovery) in run.Faults)
            output.WriteLine($"[chaos] {fault} | {held.TotalSeconds:0.0} s | {(recovery is { } r ? $"{r.TotalSeconds:0.0} s" : "never")}");
        output.WriteLine($"[chaos] verdict: {(verdict.Holds ? "HOLDS" : "BROKEN")} — {verdict.Requests:N0} requests, {verdict.Lost} lost, " +
                         $"{verdict.DoubleApplied} applied twice, {verdict.Wrong} wrong, {verdict.OutOfOrderAccounts} accounts out of order, " +
                         $"{verdict.BalanceMismatches} balances differ, lag {verdict.LagAtEnd}");
        Assert.NotEmpty(schedule);
        verdict.AssertHolds();
    }
}
