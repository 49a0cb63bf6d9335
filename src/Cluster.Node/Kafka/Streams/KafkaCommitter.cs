using Akka.Payments.Node.Kafka.Streams.Internal;
using Akka.Streams.Dsl;
using Confluent.Kafka;
using DslFlow = Akka.Streams.Dsl.Flow;
using DslSink = Akka.Streams.Dsl.Sink;

namespace Akka.Payments.Node.Kafka.Streams;

/// <summary>
/// Commits offsets from <see cref="KafkaConsumer.CommittableSource"/> in batches: the highest offset per partition,
/// one batch at a time and in order, and the last batch when upstream completes (so a drain commits everything).
/// Put it after the stage that finishes the work (e.g. after the producer flow), never before.
/// </summary>
public static class KafkaCommitter
{
    public static Akka.Streams.Dsl.Flow<ICommittableOffset, Done, NotUsed> Flow(CommitterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxBatch, 1);
        return DslFlow.Create<ICommittableOffset>()
            .GroupedWithin(settings.MaxBatch, settings.MaxInterval)
            .SelectAsync(1, CommitBatch)
            .Named("kafka-committer");
    }

    public static Akka.Streams.Dsl.Sink<ICommittableOffset, Task<Done>> Sink(CommitterSettings settings) =>
        Flow(settings).ToMaterialized(DslSink.Ignore<Done>(), Akka.Streams.Dsl.Keep.Right);

    private static async Task<Done> CommitBatch(IEnumerable<ICommittableOffset> batch)
    {
        // Highest offset per partition per consumer; an offset of a newer assignment (epoch) wins over an older one.
        var highest = new Dictionary<(ConsumerLoop, TopicPartition), CommittableOffset>();
        foreach (var offset in batch)
        {
            if (offset is not CommittableOffset committable)
                throw new ArgumentException($"Not an offset from KafkaConsumer.CommittableSource: {offset}");
            var key = (committable.Consumer, committable.TopicPartition);
            if (!highest.TryGetValue(key, out var seen) || IsAfter(committable, seen))
                highest[key] = committable;
        }

        foreach (var perConsumer in highest.Values.GroupBy(o => o.Consumer))
            await perConsumer.Key.Commit(perConsumer.ToList()).ConfigureAwait(false);
        return Done.Instance;
    }

    private static bool IsAfter(CommittableOffset a, CommittableOffset b) =>
        a.Epoch > b.Epoch || (a.Epoch == b.Epoch && a.Offset > b.Offset);
}
