using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Kafka;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Management.Contracts;
using Confluent.Kafka;

namespace Akka.Payments.Node.Management;

/// <summary>
/// Looks at Kafka for the management endpoint with its own consumer handle in the node's group, which never
/// subscribes (so it never joins the group or moves offsets): committed offsets come from <c>Committed</c>, end
/// offsets from <c>QueryWatermarkOffsets</c>, topics from metadata. It never lists consumer groups (the embedded
/// broker does not survive that).
/// </summary>
public sealed class KafkaInspector(NodeSettings settings, KafkaEndpoint kafka) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();
    private IConsumer<Ignore, Ignore>? _consumer;
    private IAdminClient? _admin;

    public string BootstrapServers => kafka.BootstrapServers;
    public bool IsEmbedded => kafka.IsEmbedded;
    public string GroupId => settings.Kafka.GroupId;

    /// <summary>Lag per partition of <see cref="Topics.Requested"/>. Without a committed offset the lag counts every retained record.</summary>
    public IReadOnlyList<PartitionLag> Lag()
    {
        lock (_gate)
        {
            var (consumer, admin) = Clients();
            var partitions = PartitionsOf(admin, Topics.Requested).Select(p => new TopicPartition(Topics.Requested, p)).ToList();
            var committed = consumer.Committed(partitions, Timeout).ToDictionary(c => c.Partition.Value, c => c.Offset);
            return partitions.Select(tp =>
            {
                var marks = consumer.QueryWatermarkOffsets(tp, Timeout);
                var offset = committed.GetValueOrDefault(tp.Partition.Value, Offset.Unset);
                long? done = offset.IsSpecial ? null : offset.Value;
                return new PartitionLag(tp.Topic, tp.Partition.Value, done, marks.High.Value, marks.High.Value - (done ?? marks.Low.Value));
            }).ToList();
        }
    }

    /// <summary>The core topics and their partition counts.</summary>
    public IReadOnlyList<(string Topic, int Partitions)> CoreTopics()
    {
        lock (_gate)
        {
            var (_, admin) = Clients();
            return Akka.Payments.Shared.Topics.Core.Select(t => (t, PartitionsOf(admin, t).Count)).ToList();
        }
    }

    private static List<int> PartitionsOf(IAdminClient admin, string topic) =>
        admin.GetMetadata(topic, Timeout).Topics.Single().Partitions.Select(p => p.PartitionId).Order().ToList();

    private (IConsumer<Ignore, Ignore>, IAdminClient) Clients()
    {
        if (_consumer is null)
        {
            var config = new ConsumerConfig
            {
                BootstrapServers = kafka.BootstrapServers,
                GroupId = settings.Kafka.GroupId,
                EnableAutoCommit = false,
                ClientId = $"payments-node-management-{Environment.MachineName}",
            };
            foreach (var (key, value) in settings.Kafka.Consumer) config.Set(key, value);
            _consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
            _admin = new DependentAdminClientBuilder(_consumer.Handle).Build();
        }
        return (_consumer, _admin!);
    }

    public void Dispose()
    {
        _admin?.Dispose();
        _consumer?.Dispose();
    }
}
