namespace Akka.Payments.Node.Control.Scaling;

/// <summary>
/// What one payment node reports to the control plane every few seconds: how fast it consumes, what it holds, what it
/// is assigned and how busy it is. The singleton keeps the latest report of each node and puts them in a
/// <see cref="ScaleSample"/>; a report older than <see cref="ScalePolicySettings.SignalsMaxAge"/> at the sample's time
/// is not counted.
/// </summary>
/// <param name="Node">The node's cluster address (<c>akka.tcp://payments@host:port</c>).</param>
/// <param name="At">When the node measured these figures.</param>
/// <param name="RecordsPerSecond">Input records the node finished (committed or ready to commit) per second, over
/// its last few seconds.</param>
/// <param name="InFlight">Input records taken from Kafka and not yet finished.</param>
/// <param name="Partitions">The input partitions assigned to the node, as <c>topic/partition</c>.</param>
/// <param name="Cpu">The process's CPU use as a fraction of the machine's cores, 0 to 1.</param>
public sealed record NodeSignals(
    string Node,
    DateTimeOffset At,
    double RecordsPerSecond,
    long InFlight,
    IReadOnlyList<string> Partitions,
    double Cpu);
