using Akka.Actor;
using Akka.Payments.Node.Kafka.Streams;
using Akka.Streams;
using Akka.Streams.Dsl;
using Confluent.Kafka;

namespace Akka.Payments.Node.Planes;

/// <summary>
/// How a plane singleton reads its topics: records -> read each one (a total function: no record can fail the
/// stream) -> batches of at most <c>maxBatch</c> records or <c>maxWait</c> -> the plane's actor journals each batch
/// and answers (any reply) -> commit the batch's offsets to the plane's consumer group. One batch at a time, so a
/// slow journal grows the plane's lag, not its memory. The group's commits show the lag; where the plane resumes is
/// what its journal says (<see cref="ConsumerSettings.StartOffset"/>).
/// </summary>
public static class PlaneStream
{
    public static PlaneReading Run<TRecord>(
        ConsumerSettings consumer,
        IReadOnlyCollection<string> topics,
        Func<ConsumeResult<string, byte[]>, TRecord> read,
        Func<IReadOnlyList<TRecord>, object> batch,
        IActorRef plane,
        int maxBatch,
        TimeSpan maxWait,
        TimeSpan askTimeout,
        IMaterializer materializer)
    {
        var (control, completion) = KafkaConsumer
            .CommittableSource(consumer, topics)
            .Select(message => (Record: read(message.Record), message.Offset))
            .GroupedWithin(maxBatch, maxWait)
            .SelectAsync(1, async records =>
            {
                var taken = records.ToList();
                await plane.Ask<object>(batch(taken.Select(r => r.Record).ToList()), askTimeout).ConfigureAwait(false);
                return taken.Select(r => r.Offset);
            })
            .SelectMany(offsets => offsets)
            .Via(KafkaCommitter.Flow(CommitterSettings.Default))
            .ToMaterialized(Sink.Ignore<Done>(), Keep.Both)
            .Run(materializer);
        return new PlaneReading(control, completion);
    }
}
