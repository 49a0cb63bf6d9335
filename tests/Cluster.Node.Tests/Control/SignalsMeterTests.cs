using Akka.Payments.Node.Control.Scaling;

namespace Akka.Payments.Node.Tests.Control;

public sealed class SignalsMeterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 21, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_first_reading_has_no_interval_and_reports_no_rate()
    {
        var meter = new SignalsMeter(processors: 2);
        var s = meter.Read("n1", T0, finished: 1_000, cpu: TimeSpan.FromSeconds(30), inFlight: 7, new List<string> { "payments.requested/3" });
        Assert.Equal((0.0, 0.0, 7L), (s.RecordsPerSecond, s.Cpu, s.InFlight));
        Assert.Equal(["payments.requested/3"], s.Partitions);
    }

    [Fact]
    public void Rates_are_the_change_of_the_counters_over_the_wall_time_and_cpu_is_a_share_of_all_cores()
    {
        var meter = new SignalsMeter(processors: 2);
        meter.Read("n1", T0, 1_000, TimeSpan.FromSeconds(30), 0, new List<string>());
        var s = meter.Read("n1", T0.AddSeconds(5), 1_500, TimeSpan.FromSeconds(35), 0, new List<string>());
        Assert.Equal(100, s.RecordsPerSecond); // 500 records in 5 s
        Assert.Equal(0.5, s.Cpu); // 5 s of CPU in 5 s on 2 cores
    }

    [Fact]
    public void A_counter_that_went_back_gives_no_negative_rate()
    {
        var meter = new SignalsMeter(processors: 1);
        meter.Read("n1", T0, 1_000, TimeSpan.FromSeconds(30), 0, new List<string>());
        var s = meter.Read("n1", T0.AddSeconds(5), 10, TimeSpan.FromSeconds(31), 0, new List<string>());
        Assert.Equal(0, s.RecordsPerSecond);
        Assert.Equal(0.2, s.Cpu, precision: 10);
    }
}
