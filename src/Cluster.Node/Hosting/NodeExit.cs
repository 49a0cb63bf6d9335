using Akka.Actor;

namespace Akka.Payments.Node.Hosting;

/// <summary>
/// The node process's exit code, from why its ActorSystem stopped: 0 when it was asked to (SIGTERM, Ctrl-C, a leave
/// from the CLI), <see cref="Downed"/> when the cluster downed it (split brain resolver, a partition, a freeze past the
/// failure detector). A downed node ends by itself like a stopped one; the code tells a supervisor (Swarm's
/// <c>on-failure</c>, systemd) that it did not choose to.
/// </summary>
public sealed class NodeExit
{
    /// <summary>The exit code of a node the cluster downed.</summary>
    public const int Downed = 3;

    private ActorSystem? _system;

    internal void Follow(ActorSystem system) => _system = system;

    public int Code =>
        _system is not null && CoordinatedShutdown.Get(_system).ShutdownReason is CoordinatedShutdown.ClusterDowningReason ? Downed : 0;
}
