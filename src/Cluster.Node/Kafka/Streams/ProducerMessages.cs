using Confluent.Kafka;

namespace Akka.Payments.Node.Kafka.Streams;

/// <summary>One record to produce, with its topic.</summary>
public sealed record TopicMessage(string Topic, Message<string, byte[]> Message);

/// <summary>0..n records to produce for one stream element; <paramref name="PassThrough"/> comes out unchanged.</summary>
public sealed record ProducerEnvelope<TPass>(IReadOnlyList<TopicMessage> Messages, TPass PassThrough);

/// <summary>The broker's acknowledgements for one envelope, in the order of its messages.</summary>
public sealed record ProducerResult<TPass>(IReadOnlyList<DeliveryResult<string, byte[]>> Results, TPass PassThrough);

/// <summary>A record was not acknowledged by Kafka; the producer flow fails rather than drop it.</summary>
public sealed class KafkaProducerException(string message, Exception inner) : Exception(message, inner);

/// <summary>Offsets could not be committed (not a rebalance: those are retried or dropped for revoked partitions).</summary>
public sealed class KafkaCommitException(string message, Exception? inner = null) : Exception(message, inner);
