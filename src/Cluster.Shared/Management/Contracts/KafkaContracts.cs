namespace Akka.Payments.Shared.Management.Contracts;

/// <summary><c>GET /kafka/info</c>: the Kafka the node talks to.</summary>
public sealed record KafkaInfoResponse(string BootstrapServers, bool Embedded, string GroupId, IReadOnlyList<TopicInfo> Topics);

public sealed record TopicInfo(string Name, int Partitions);
