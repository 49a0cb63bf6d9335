namespace Akka.Payments.IntegrationTests.Faults.Chaos;

public sealed class ChaosScheduleTests
{
    private static readonly FaultKind[] Kinds =
    [
        new("broker-down", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), ["1", "2", "3"]),
        new("pause", TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(12), ["node-1", "node-2"]),
        new("kill", TimeSpan.Zero, TimeSpan.Zero, ["node-2"]),
    ];

    [Fact]
    public void The_same_seed_draws_the_same_schedule_and_another_seed_another()
    {
        var a = ChaosSchedule.Draw(42, TimeSpan.FromMinutes(10), Kinds, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
        var b = ChaosSchedule.Draw(42, TimeSpan.FromMinutes(10), Kinds, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
        var c = ChaosSchedule.Draw(43, TimeSpan.FromMinutes(10), Kinds, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Faults_come_one_at_a_time_with_a_quiet_gap_between_them_and_all_end_within_the_run()
    {
        var length = TimeSpan.FromMinutes(30);
        var schedule = ChaosSchedule.Draw(7, length, Kinds, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
        Assert.True(schedule.Count > 30, $"only {schedule.Count} faults in 30 minutes");
        Assert.All(schedule.Zip(schedule.Skip(1)), pair => Assert.InRange(pair.Item2.At - pair.Item1.Ends, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)));
        Assert.All(schedule, f => Assert.True(f.Ends <= length));
        Assert.All(schedule, f =>
        {
            var kind = Kinds.Single(k => k.Name == f.Kind);
            Assert.InRange(f.Hold, kind.MinHold, kind.MaxHold);
            Assert.Contains(f.Target, kind.Targets);
        });
        Assert.Equal(Kinds.Select(k => k.Name).Order(), schedule.Select(f => f.Kind).Distinct().Order());
    }

    [Fact]
    public void A_run_too_short_for_any_fault_has_an_empty_schedule()
    {
        Assert.Empty(ChaosSchedule.Draw(1, TimeSpan.FromSeconds(5), Kinds, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)));
    }
}
