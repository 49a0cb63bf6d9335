using Akka.Payments.Bench.Harness;

namespace Akka.Payments.Bench.Tests;

public sealed class BenchOptionsTests
{
    [Fact]
    public void The_scaling_target_measures_one_node_and_two_nodes_in_the_same_run()
    {
        var options = BenchOptions.Parse(["sweep", "--target", "scaling", "--journal", "postgres", "--postgres", "Host=127.0.0.1"]);

        Assert.Equal(["ours", SystemUnderTest.TwoNodes], options.Targets);
    }

    [Fact]
    public void Two_nodes_on_SQLite_are_refused_with_a_usage_error_since_they_would_share_one_file_journal()
    {
        var e = Assert.Throws<BenchUsageException>(() => BenchOptions.Parse(["sweep", "--target", "ours-2n", "--journal", "sqlite"]));

        Assert.Contains("--journal postgres", e.Message, StringComparison.Ordinal);
    }
}
