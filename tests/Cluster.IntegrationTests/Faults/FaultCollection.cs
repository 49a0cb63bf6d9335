namespace Akka.Payments.IntegrationTests.Faults;

/// <summary>
/// The fault specs share one <see cref="FaultCluster"/> (starting one costs ~20 s of a CI budget that is counted), and
/// run one at a time, after the parallel unit tests and apart from the other cluster specs, as those do.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection : ICollectionFixture<FaultCluster>
{
    public const string Name = "faults";
}
