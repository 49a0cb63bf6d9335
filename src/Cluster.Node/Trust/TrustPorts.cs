using Akka.Actor;
using Akka.Payments.Node.Planes;
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
    Func<IActorRef, Func<TopicPartition, long?>, PlaneReading> StartReading,
    Func<IReadOnlyList<MetricsWindow>, Task> Publish);
