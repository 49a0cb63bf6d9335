using Confluent.Kafka;

namespace Akka.Payments.Node.Kafka.Streams;

/// <summary>
/// Settings of <see cref="KafkaConsumer.CommittableSource"/>: the Confluent <see cref="ConsumerConfig"/> plus the
/// stage's own options. Auto commit and auto offset store are always switched off by the source: offsets are
/// committed only through <see cref="KafkaCommitter"/>.
/// </summary>
public sealed record ConsumerSettings(ConsumerConfig Config)
{
    /// <summary>Records the source holds before it pauses fetching (a slow downstream grows lag, not memory).</summary>
    public int MaxBufferedRecords { get; init; } = 1000;

    /// <summary>How long one poll blocks when nothing arrives; also the worst-case latency of a commit when idle.</summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How long the buffer may stay full before the assigned partitions are paused (and polled, so that rebalances
    /// are served while downstream is stalled). Shorter pauses are just waited out: pausing drops librdkafka's
    /// prefetched records, and fetching them again costs far more than the wait.
    /// </summary>
    public TimeSpan PauseAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// On revoke, how long the consumer waits for records it already emitted from the revoked partitions to reach
    /// the committer (so their offsets are committed and the next owner starts after them). The wait ends as soon as
    /// they all did; it never waits for a commit to succeed. Make it a little longer than the committer's
    /// <see cref="CommitterSettings.MaxInterval"/>, and keep it well below the group's session timeout (a member that
    /// blocks in its revoke handler longer is dropped from the group).
    /// </summary>
    public TimeSpan RevokeDrainTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long <see cref="IConsumerControl.Shutdown"/> waits for the consumer to close (leave its group) before it
    /// returns anyway; <see cref="IConsumerControl.IsShutdown"/> still completes only when the close does. librdkafka's
    /// close waits for a rebalance in progress: measured on the embedded broker, whose coordinator holds a rebalance
    /// for the session timeout (45 s by default), a close during a join waited behind the held SyncGroup. By then
    /// the stream has drained and committed; the group rebalances without us when our session expires.
    /// </summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Where to start reading an assigned partition, instead of the group's committed offset: for a consumer that
    /// keeps its offsets itself (with what it computed from the records) and so must resume exactly there. Return
    /// null to start from the committed offset.
    /// </summary>
    public Func<TopicPartition, long?>? StartOffset { get; init; }

    /// <summary>
    /// Told of every assignment (the newly assigned partitions), on the polling thread before the first record of them
    /// is fetched: for work that follows the assignment, such as moving the shards of those partitions here. It must
    /// return at once and must not throw: it runs inside librdkafka's rebalance callback.
    /// </summary>
    public Action<IReadOnlyCollection<TopicPartition>>? PartitionsAssigned { get; init; }

    /// <summary>Sensible defaults for one group: earliest offset when none is committed, bounded prefetch, incremental
    /// (cooperative) rebalancing.</summary>
    public static ConsumerSettings Create(string bootstrapServers, string groupId) => new(new ConsumerConfig
    {
        BootstrapServers = bootstrapServers,
        GroupId = groupId,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        EnablePartitionEof = false,
        // librdkafka's own prefetch queue is memory too: bound it (default is 64 MiB per consumer).
        QueuedMaxMessagesKbytes = 8 * 1024,
        // Incremental rebalancing: when a member joins or leaves, only the partitions that move are revoked, and the
        // others go on flowing. librdkafka's default (range,roundrobin) revokes every partition of every member at
        // each join or leave, so a rolling restart or a scale-out stalls the whole group for each rebalance. Every
        // member of a group must name a common strategy: a group still on the default must be stopped to change.
        PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
    });

    /// <summary>A copy of <see cref="Config"/> with the settings the source relies on forced.</summary>
    internal ConsumerConfig EffectiveConfig()
    {
        var config = new ConsumerConfig(Config.ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
        };
        if (string.IsNullOrEmpty(config.GroupId))
            throw new ArgumentException("A committable source needs a consumer group (GroupId).", nameof(Config));
        return config;
    }
}
