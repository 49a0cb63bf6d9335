using System.Globalization;

namespace Akka.Payments.Shared.Cluster;

/// <summary>
/// Cluster settings every process of the cluster (Lighthouse and nodes) must agree on, in one place:
/// the ActorSystem name, the Split Brain Resolver's stable-after and the failure detector's acceptable heartbeat pause.
/// Every member also sets keep-majority explicitly (Akka 1.5 defaults to it), so that a version bump cannot silently
/// change how members are downed.
/// </summary>
public static class ClusterBootstrap
{
    /// <summary>The ActorSystem name (<c>ACTORSYSTEM</c> in Lighthouse conventions).</summary>
    public const string DefaultSystemName = "payments";

    /// <summary>The Lighthouse's default remoting port (<c>CLUSTER_PORT</c>).</summary>
    public const int DefaultLighthousePort = 4053;

    /// <summary>
    /// How long the membership must be stable before SBR downs the unreachable side; Akka's default.
    /// Overridden by <c>Cluster:SplitBrainResolver:StableAfter</c> (env <c>Cluster__SplitBrainResolver__StableAfter</c>).
    /// </summary>
    public static readonly TimeSpan DefaultStableAfter = TimeSpan.FromSeconds(20);

    public const string StableAfterKey = "Cluster:SplitBrainResolver:StableAfter";

    /// <summary>
    /// HOCON for SBR's stable-after, which Akka.Cluster.Hosting has no builder for. The strategy itself is set with
    /// <c>ClusterOptions.SplitBrainResolver = new KeepMajorityOption()</c> by every member.
    /// </summary>
    public static string StableAfterHocon(TimeSpan stableAfter) =>
        $"akka.cluster.split-brain-resolver.stable-after = {Millis(stableAfter)}";

    /// <summary>
    /// How long heartbeats from a member may pause before the failure detector calls it unreachable; Akka's default.
    /// Overridden by <c>Cluster:FailureDetector:AcceptableHeartbeatPause</c>. Longer tolerates GC pauses and starved
    /// CPUs (a member on a busy, shared machine), at the price of noticing a crashed member later by as much.
    /// </summary>
    public static readonly TimeSpan DefaultAcceptableHeartbeatPause = TimeSpan.FromSeconds(3);

    public const string AcceptableHeartbeatPauseKey = "Cluster:FailureDetector:AcceptableHeartbeatPause";

    /// <summary>HOCON for the failure detector's acceptable heartbeat pause (no Akka.Cluster.Hosting builder either).</summary>
    public static string AcceptableHeartbeatPauseHocon(TimeSpan pause) =>
        $"akka.cluster.failure-detector.acceptable-heartbeat-pause = {Millis(pause)}";

    /// <summary>The address other members use to reach a process at <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static string Address(string host, int port, string systemName = DefaultSystemName) =>
        $"akka.tcp://{systemName}@{host}:{port}";

    private static string Millis(TimeSpan t) => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
