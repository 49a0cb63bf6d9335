using Akka.Actor;
using Akka.Payments.Node.Planes;
using Akka.Payments.Shared.Management.Contracts;
using Confluent.Kafka;

namespace Akka.Payments.Node.Ops;

/// <summary>
/// What the ops actor does to the outside world: <see cref="StartReading"/> runs the stream that reads
/// <c>payments.dlq</c> into the actor (each partition starting where the given function says), and
/// <see cref="Replay"/> produces one record to <c>payments.requested</c> and completes once Kafka acknowledged it;
/// <see cref="Members"/> lists the cluster's members as the singleton's node sees them now (none without a cluster).
/// </summary>
public sealed record OpsPorts(
    Func<IActorRef, Func<TopicPartition, long?>, PlaneReading> StartReading,
    Func<Message<string, byte[]>, Task> Replay,
    Func<IReadOnlyList<ClusterMember>>? Members = null);
