using Akka.Streams.Dsl;
using Confluent.Kafka;

namespace Akka.Payments.Node.Kafka.Streams;

/// <summary>Producer stages over a Confluent <see cref="IProducer{TKey,TValue}"/> owned by the caller.</summary>
public static class KafkaProducer
{
    /// <summary>
    /// Produces every message of each envelope and emits the envelope's result once the broker acknowledged all of
    /// them. Elements leave in the order they came in (records are handed to the producer in that order, so an
    /// idempotent producer keeps per-partition order); at most <paramref name="parallelism"/> envelopes are in
    /// flight. A delivery error fails the stage with <see cref="KafkaProducerException"/>.
    /// </summary>
    public static Flow<ProducerEnvelope<TPass>, ProducerResult<TPass>, NotUsed> FlexiFlow<TPass>(
        IProducer<string, byte[]> producer, int parallelism)
    {
        ArgumentNullException.ThrowIfNull(producer);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        return Flow.Create<ProducerEnvelope<TPass>>()
            .SelectAsync(parallelism, envelope => Capture(Produce(producer, envelope)))
            .Select(Unwrap) // fails the stage with the KafkaProducerException itself, not an AggregateException
            .Named("kafka-producer-flexi");
    }

    private static async Task<(ProducerResult<TPass>? Result, Exception? Error)> Capture<TPass>(Task<ProducerResult<TPass>> produce)
    {
        try
        {
            return (await produce.ConfigureAwait(false), null);
        }
        catch (KafkaProducerException ex)
        {
            return (null, ex);
        }
    }

    private static ProducerResult<TPass> Unwrap<TPass>((ProducerResult<TPass>? Result, Exception? Error) outcome) =>
        outcome.Error is not null ? throw outcome.Error : outcome.Result!;

    private static Task<ProducerResult<TPass>> Produce<TPass>(IProducer<string, byte[]> producer, ProducerEnvelope<TPass> envelope)
    {
        if (envelope.Messages.Count == 0)
            return Task.FromResult(new ProducerResult<TPass>([], envelope.PassThrough));

        // Hand every record to the producer now, synchronously and in order; then await the acknowledgements.
        var deliveries = new Task<DeliveryResult<string, byte[]>>[envelope.Messages.Count];
        for (var i = 0; i < deliveries.Length; i++)
            deliveries[i] = ProduceOne(producer, envelope.Messages[i]);
        return Collect(deliveries, envelope.PassThrough);
    }

    private static async Task<ProducerResult<TPass>> Collect<TPass>(Task<DeliveryResult<string, byte[]>>[] deliveries, TPass passThrough)
    {
        var results = await Task.WhenAll(deliveries).ConfigureAwait(false);
        return new ProducerResult<TPass>(results, passThrough);
    }

    private static async Task<DeliveryResult<string, byte[]>> ProduceOne(IProducer<string, byte[]> producer, TopicMessage message)
    {
        try
        {
            return await producer.ProduceAsync(message.Topic, message.Message).ConfigureAwait(false);
        }
        catch (ProduceException<string, byte[]> ex)
        {
            throw new KafkaProducerException(
                $"Kafka did not acknowledge a record for topic '{message.Topic}' (key '{message.Message.Key}'): " +
                $"{ex.Error.Code} {ex.Error.Reason}", ex);
        }
    }
}
