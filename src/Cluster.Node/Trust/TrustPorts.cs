using Akka.Actor;
using Akka.Payments.Node.Kafka.Streams;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;

namespace Akka.Payments.Node.Trust;

/// <summary>
/// What the trust actor does to the outside world, as functions, so that the actor stays a thin shell:
/// <see cref="StartReading"/> runs the stream that reads <c>payments.processed</c> and <c>payments.dlq</c> into the
/// actor (starting each partition where the given function says), and <see cref="Publish"/> puts windows on
/// <c>payments.metrics</c> in order and completes once Kafka acknowledged them all.
/// </summary>
public sealed record TrustPorts(
    Func<IActorRef, Func<TopicPartition, long?>, TrustReading> StartReading,
    Func<IReadOnlyList<MetricsWindow>, Task> Publish);

/// <summary>A running read: its control (to stop it) and its completion (ends when it stops or fails).</summary>
public sealed record TrustReading(IConsumerControl Control, Task Completion);
