using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Payments.Node.Kafka.Streams;
using Akka.Payments.Node.Planes;
using Akka.Payments.Node.Trust;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;

namespace Akka.Payments.Node.Tests.Trust;

/// <summary>
/// The trust actor's outside world for a spec: it records where each reading would start and what is published,
/// lets the spec end a reading (as a failed stream would), and can refuse to publish (as an unreachable Kafka would).
/// </summary>
public sealed class TrustPortsProbe
{
    private readonly ConcurrentQueue<(IActorRef Trust, Func<TopicPartition, long?> Start, TaskCompletionSource Ended)> _readings = new();

    public ConcurrentQueue<MetricsWindow> Published { get; } = new();

    /// <summary>Publishing fails while this is set.</summary>
    public volatile bool KafkaDown;

    public int Readings => _readings.Count;

    public TrustPorts Ports => new(
        (trust, start) =>
        {
            var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _readings.Enqueue((trust, start, ended));
            return new PlaneReading(new StoppedControl(), ended.Task);
        },
        windows =>
        {
            if (KafkaDown) return Task.FromException(new KafkaException(ErrorCode.Local_AllBrokersDown));
            foreach (var window in windows) Published.Enqueue(window);
            return Task.CompletedTask;
        });

    /// <summary>Where the latest reading starts a partition of <paramref name="topic"/>.</summary>
    public long? StartOf(string topic, int partition) => _readings.Last().Start(new TopicPartition(topic, partition));

    /// <summary>The actor the latest reading feeds.</summary>
    public IActorRef Reader => _readings.Last().Trust;

    /// <summary>The latest reading fails, as a stream whose consumer broke.</summary>
    public void FailReading() => _readings.Last().Ended.TrySetException(new KafkaException(ErrorCode.Local_Transport));

    private sealed class StoppedControl : IConsumerControl
    {
        public Task Stop() => Task.CompletedTask;
        public Task Shutdown() => Task.CompletedTask;
        public Task IsShutdown => Task.CompletedTask;
        public IReadOnlyList<TopicPartition> Assignment => [];
        public Task<T> DrainAndShutdown<T>(Task<T> streamCompletion) => streamCompletion;
    }
}
