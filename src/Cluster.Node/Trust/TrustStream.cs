using Akka.Actor;
using Akka.Payments.Node.Kafka.Streams;
using Akka.Payments.Shared;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Akka.Payments.Node.Trust;

/// <summary>
/// The trust plane's reading stream: <c>payments.processed</c> and <c>payments.dlq</c> -> read each record as a
/// <see cref="Shared.Trust.TrustInput"/> (total) -> batches of at most <see cref="TrustSettings.MaxBatch"/> records or
/// <see cref="TrustSettings.TickInterval"/> -> the trust actor journals and counts each batch -> commit the batch's
/// offsets to the trust plane's consumer group. One batch at a time, so a slow journal grows the plane's lag, not
/// its memory. The group's commits show the lag; where the plane resumes is what its journal says.
/// </summary>
public static class TrustStream
{
    public static TrustReading Run(
        ConsumerSettings consumer, IActorRef trust, TrustSettings settings, TimeSpan askTimeout, IMaterializer materializer)
    {
        var (control, completion) = KafkaConsumer
            .CommittableSource(consumer, [Topics.Processed, Topics.DeadLetters])
            .Select(message => (Input: TrustInputs.From(message.Record), message.Offset))
            .GroupedWithin(settings.MaxBatch, settings.TickInterval)
            .SelectAsync(1, async batch =>
            {
                var records = batch.ToList();
                await trust.Ask<RecordsCounted>(new CountRecords(records.Select(r => r.Input).ToList()), askTimeout).ConfigureAwait(false);
                return records.Select(r => r.Offset);
            })
            .SelectMany(offsets => offsets)
            .Via(KafkaCommitter.Flow(CommitterSettings.Default))
            .ToMaterialized(Sink.Ignore<Done>(), Keep.Both)
            .Run(materializer);
        return new TrustReading(control, completion);
    }
}
