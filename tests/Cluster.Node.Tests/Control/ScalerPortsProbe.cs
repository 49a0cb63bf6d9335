using System.Collections.Concurrent;
using Akka.Payments.Node.Control.Scaling;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;

namespace Akka.Payments.Node.Tests.Control;

/// <summary>
/// The scaler's outside world for a spec: the lag a spec sets (the same committed offsets each time unless changed),
/// the payment nodes that are up, a Kafka that records each published decision or refuses it, and an actuator that
/// records each call.
/// </summary>
public sealed class ScalerPortsProbe : IScaleActuator
{
    public const string Topic = "payments.requested";

    public ConcurrentQueue<ScaleDecided> Published { get; } = new();

    public ConcurrentQueue<(int From, int To, ScaleDecided Why)> Actuated { get; } = new();

    public volatile bool KafkaDown;

    /// <summary>The lag per partition: four partitions, committed at 0, with this many records each.</summary>
    public long LagPerPartition { get; set; }

    public int Partitions { get; set; } = 4;

    public IReadOnlyList<string> Nodes { get; set; } = new List<string> { "akka.tcp://payments@n1:1" };

    public string Name => "probe";

    public ScalerPorts Ports => new(
        () => Task.FromResult<IReadOnlyList<PartitionLag>>(Enumerable.Range(0, Partitions)
            .Select(p => new PartitionLag(Topic, p, LagPerPartition, 0, LagPerPartition)).ToList()),
        () => Nodes,
        decided =>
        {
            if (KafkaDown) return Task.FromException(new KafkaException(ErrorCode.Local_AllBrokersDown));
            Published.Enqueue(decided);
            return Task.CompletedTask;
        },
        this);

    public Task Scale(int from, int to, ScaleDecided why)
    {
        Actuated.Enqueue((from, to, why));
        return Task.CompletedTask;
    }
}
