using Akka.Payments.Node.Control.Scaling;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Akka.Payments.Node.Tests.Control;

public sealed class ScalePolicyProperties
{
    /// <summary>One sample: seconds since the one before, nodes up, lag, consume rate, CPU per node, input partitions
    /// (0: unknown) and whether the committed offsets moved.</summary>
    public sealed record Reading(int SecondsAfter, int Nodes, long Lag, int Rate, int CpuPercent, int Partitions, bool Moved);

    /// <summary>Settings within what validation accepts, and the samples.</summary>
    public sealed record Case(int MinNodes, int MaxNodes, int CooldownSeconds, int OutSamples, int InSamples, Reading[] Readings);

    private static Gen<Reading> ReadingGen =>
        from seconds in Gen.Choose(1, 20)
        from nodes in Gen.Frequency((1, Gen.Choose(0, 8)), (4, Gen.Choose(1, 4)))
        from lag in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(0, 200)), (3, Gen.Choose(0, 100_000)))
        from rate in Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(1, 2000)))
        from cpu in Gen.Choose(0, 100)
        from partitions in Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(1, 8)))
        from moved in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        select new Reading(seconds, nodes, lag, rate, cpu, partitions, moved);

    public static Arbitrary<Case> Cases() => Arb.From(
        from min in Gen.Choose(1, 3)
        from extra in Gen.Choose(0, 4)
        from cooldown in Gen.Choose(0, 120)
        from outSamples in Gen.Choose(1, 4)
        from inSamples in Gen.Choose(1, 8)
        from readings in Gen.ArrayOf(ReadingGen)
        select new Case(min, min + extra, cooldown, outSamples, inSamples, readings));

    [Property(Arbitrary = [typeof(ScalePolicyProperties)], MaxTest = 300)]
    public void Every_decision_changes_the_count_to_within_the_bounds_and_the_partitions_and_none_falls_in_a_cooldown(Case c)
    {
        var settings = new ScalePolicySettings
        {
            MinNodes = c.MinNodes, MaxNodes = c.MaxNodes, Cooldown = TimeSpan.FromSeconds(c.CooldownSeconds),
            ScaleOutSamples = c.OutSamples, ScaleInSamples = c.InSamples,
        };
        var scenario = new ScaleScenario(settings);
        var at = ScaleScenario.T0;
        var committed = 1000L;
        DateTimeOffset? lastChange = null;
        foreach (var r in c.Readings)
        {
            at += TimeSpan.FromSeconds(r.SecondsAfter);
            if (r.Moved) committed += 10;
            var step = scenario.Step(ScaleScenario.Sample(at, r.Nodes, r.Lag, r.Rate, r.CpuPercent / 100.0, r.Partitions, committed));
            if (step.Decision is not { } d) continue;

            var cap = r.Partitions > 0 ? Math.Min(c.MaxNodes, r.Partitions) : c.MaxNodes;
            Assert.InRange(d.To, Math.Min(c.MinNodes, cap), cap);
            Assert.NotEqual(d.From, d.To);
            Assert.Equal(r.Nodes, d.From);
            if (d.Reason == ScaleReasons.Idle) Assert.Equal(d.From - 1, d.To);
            if (d.Reason is ScaleReasons.LagSeconds or ScaleReasons.LagGrowing) Assert.True(d.To > d.From);
            if (lastChange is { } last) Assert.True(at - last >= settings.Cooldown, $"a change at {at} only {at - last} after the one before");
            lastChange = at;
        }
    }
}
