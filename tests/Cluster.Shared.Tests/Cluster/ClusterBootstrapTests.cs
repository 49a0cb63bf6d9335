using Akka.Configuration;
using Akka.Payments.Shared.Cluster;

namespace Akka.Payments.Shared.Tests.Cluster;

public sealed class ClusterBootstrapTests
{
    [Fact]
    public void The_stable_after_hocon_sets_the_split_brain_resolvers_stable_after() =>
        Assert.Equal(TimeSpan.FromSeconds(7.5),
            ConfigurationFactory.ParseString(ClusterBootstrap.StableAfterHocon(TimeSpan.FromSeconds(7.5)))
                .GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));

    [Fact]
    public void The_heartbeat_pause_hocon_sets_what_the_failure_detector_reads() =>
        Assert.Equal(TimeSpan.FromSeconds(8),
            ConfigurationFactory.ParseString(ClusterBootstrap.AcceptableHeartbeatPauseHocon(TimeSpan.FromSeconds(8)))
                .GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause"));
}
