using Akka.Payments.Node.Kafka.Streams;

namespace Akka.Payments.Node.Pipeline;

/// <summary>What the payment stream needs besides Kafka clients and the region.</summary>
public sealed record PaymentStreamOptions(int Parallelism, int MaxRecordBytes, CommitterSettings Committer, StreamMetrics Metrics);
