using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Payments.Node.Kafka.Streams;
using Akka.Payments.Node.Ops;
using Akka.Payments.Node.Planes;
using Akka.Payments.Shared.Management.Contracts;
using Confluent.Kafka;

namespace Akka.Payments.Node.Tests.Ops;

/// <summary>
/// The ops actor's outside world for a spec: it records where each reading would start and every record a replay
/// produces, and can refuse to produce (as an unreachable Kafka would); the cluster's members are what a spec sets.
/// </summary>
public sealed class OpsPortsProbe
{
    private readonly ConcurrentQueue<Func<TopicPartition, long?>> _readings = new();

    public ConcurrentQueue<Message<string, byte[]>> Replayed { get; } = new();

    public volatile bool KafkaDown;

    /// <summary>The cluster's members as the singleton's node would see them.</summary>
    public IReadOnlyList<ClusterMember> Members { get; set; } = [];

    public int Readings => _readings.Count;

    public OpsPorts Ports => new(
        (_, start) =>
        {
            _readings.Enqueue(start);
            return new PlaneReading(new NeverEnding(), new TaskCompletionSource().Task);
        },
        message =>
        {
            if (KafkaDown) return Task.FromException(new KafkaException(ErrorCode.Local_AllBrokersDown));
            Replayed.Enqueue(message);
            return Task.CompletedTask;
        },
        () => Members);

    public long? StartOf(string topic, int partition) => _readings.Last()(new TopicPartition(topic, partition));

    private sealed class NeverEnding : IConsumerControl
    {
        public Task Stop() => Task.CompletedTask;
        public Task Shutdown() => Task.CompletedTask;
        public Task IsShutdown => Task.CompletedTask;
        public IReadOnlyList<TopicPartition> Assignment => [];
        public Task<T> DrainAndShutdown<T>(Task<T> streamCompletion) => streamCompletion;
    }
}
