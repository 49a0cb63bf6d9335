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

        // Hand every record to the producer now, synchronously and in order; the delivery reports complete the
        // envelope. One completion per envelope instead of a task per record, and no hop through the thread pool:
        // the stream's continuation only posts to its own actor, so it runs on librdkafka's delivery thread.
        var pending = new PendingEnvelope<TPass>(envelope);
        for (var i = 0; i < envelope.Messages.Count; i++)
        {
            var message = envelope.Messages[i];
            try
            {
                producer.Produce(message.Topic, message.Message, pending.HandlerFor(i));
            }
            catch (ProduceException<string, byte[]> ex)
            {
                pending.Fail(Failure(message, ex.Error, ex));
                break;
            }
        }
        return pending.Task;
    }

    private static KafkaProducerException Failure(TopicMessage message, Error error, Exception inner) =>
        new($"Kafka did not acknowledge a record for topic '{message.Topic}' (key '{message.Message.Key}'): " +
            $"{error.Code} {error.Reason}", inner);

    /// <summary>The acknowledgements of one envelope, collected from the delivery reports.</summary>
    private sealed class PendingEnvelope<TPass>(ProducerEnvelope<TPass> envelope)
    {
        private readonly DeliveryResult<string, byte[]>[] _results = new DeliveryResult<string, byte[]>[envelope.Messages.Count];
        private readonly TaskCompletionSource<ProducerResult<TPass>> _completion = new();
        private int _remaining = envelope.Messages.Count;

        public Task<ProducerResult<TPass>> Task => _completion.Task;

        public Action<DeliveryReport<string, byte[]>> HandlerFor(int index) => report =>
        {
            if (report.Error.IsError)
            {
                var message = envelope.Messages[index];
                Fail(Failure(message, report.Error, new ProduceException<string, byte[]>(report.Error, report)));
                return;
            }
            _results[index] = report;
            if (Interlocked.Decrement(ref _remaining) == 0)
                _completion.TrySetResult(new ProducerResult<TPass>(_results, envelope.PassThrough));
        };

        public void Fail(KafkaProducerException error) => _completion.TrySetException(error);
    }
}
