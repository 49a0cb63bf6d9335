namespace Akka.Payments.IntegrationTests.Faults;

// Every spec that starts real processes belongs to one of these two collections: each runs its specs one at a time,
// and the two run side by side (the specs mostly wait: faults held for their stated time, paced loads), which keeps
// the suite within its CI budget on two cores. The plane specs, which start clusters of their own, are spread over
// both to even them out.

/// <summary>
/// The fault specs of the cluster's surroundings (Kafka, PostgreSQL, the load) share one <see cref="FaultCluster"/>,
/// one spec at a time. They mostly wait (a fault is held for its stated time, the load is paced), so they run beside
/// the <see cref="NodeFaultCollection"/>, on a cluster of its own: the two together take about as long as the longer,
/// which keeps the suite within its CI budget.
/// </summary>
[CollectionDefinition(Name)]
public sealed class InfrastructureFaultCollection : ICollectionFixture<FaultCluster>
{
    public const string Name = "infrastructure-faults";
}

/// <summary>
/// The fault specs of the nodes themselves (kill -9, restarts, a frozen node, a partitioned node, the chaos run)
/// share another <see cref="FaultCluster"/>, one spec at a time, beside the <see cref="InfrastructureFaultCollection"/>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class NodeFaultCollection : ICollectionFixture<FaultCluster>
{
    public const string Name = "node-faults";
}
