using System.Runtime.InteropServices;
using System.Text;
using static Akka.Payments.Node.Kafka.Embedded.LibrdkafkaNative;

namespace Akka.Payments.Node.Kafka.Embedded;

/// <summary>
/// An in-process Kafka cluster: librdkafka's mock cluster, which speaks the real protocol over TCP on 127.0.0.1.
/// Limits (see DESIGN.md): ~5 MiB per partition, no CreateTopics admin API (use <see cref="CreateTopic"/>),
/// never call ListConsumerGroups (it crashes the process).
/// </summary>
public sealed class EmbeddedKafka : IDisposable
{
    private readonly object _gate = new();
    private IntPtr _handle;   // the throwaway producer handle that owns the mock cluster
    private IntPtr _cluster;

    private EmbeddedKafka(IntPtr handle, IntPtr cluster, string bootstrapServers)
    {
        _handle = handle;
        _cluster = cluster;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>"127.0.0.1:port,..." — random ports, so print it and publish it where operators can read it.</summary>
    public string BootstrapServers { get; }

    public int Brokers => BootstrapServers.Split(',').Length;

    public static EmbeddedKafka Start(int brokers = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        EnsureResolver();
        var errstr = new byte[512];
        var conf = rd_kafka_conf_new();
        // The handle only hosts the mock cluster and never connects: keep its "no bootstrap.servers" notice quiet.
        rd_kafka_conf_set(conf, "log_level", "3", errstr, (UIntPtr)errstr.Length);
        var handle = rd_kafka_new(ProducerType, conf, errstr, (UIntPtr)errstr.Length);
        if (handle == IntPtr.Zero)
            throw new InvalidOperationException($"rd_kafka_new failed: {Encoding.UTF8.GetString(errstr).TrimEnd('\0')}");

        var cluster = rd_kafka_mock_cluster_new(handle, brokers);
        if (cluster == IntPtr.Zero)
        {
            rd_kafka_destroy(handle);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        }

        Check(rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, 0), "set initial rebalance delay");
        var bootstraps = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(cluster))
                         ?? throw new InvalidOperationException("mock cluster has no bootstrap servers");
        return new EmbeddedKafka(handle, cluster, bootstraps);
    }

    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        lock (_gate) Check(rd_kafka_mock_topic_create(Live(), topic, partitions, replicationFactor), $"create topic {topic}");
    }

    /// <summary>Fault injection: the broker (1-based id) stops answering until <see cref="BrokerUp"/>.</summary>
    public void BrokerDown(int brokerId)
    {
        lock (_gate) Check(rd_kafka_mock_broker_set_down(Live(), ValidBroker(brokerId)), $"set broker {brokerId} down");
    }

    public void BrokerUp(int brokerId)
    {
        lock (_gate) Check(rd_kafka_mock_broker_set_up(Live(), ValidBroker(brokerId)), $"set broker {brokerId} up");
    }

    /// <summary>Fault injection: every response of the broker is delayed by <paramref name="milliseconds"/> (0 ends it).</summary>
    public void SetBrokerRtt(int brokerId, int milliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds);
        lock (_gate) Check(rd_kafka_mock_broker_set_rtt(Live(), ValidBroker(brokerId), milliseconds), $"set the rtt of broker {brokerId} to {milliseconds} ms");
    }

    /// <summary>Fault injection: the partition's leader moves to <paramref name="brokerId"/>. The log stays (the mock
    /// keeps it per partition); clients get NOT_LEADER_OR_FOLLOWER from the old leader and refresh their metadata.</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        lock (_gate) Check(rd_kafka_mock_partition_set_leader(Live(), topic, partition, ValidBroker(brokerId)), $"move the leader of {topic}/{partition} to broker {brokerId}");
    }

    /// <summary>Retention by hand: the partition's records before <paramref name="beforeOffset"/> are deleted, as a
    /// broker's retention or a DeleteRecords request would, and its log start offset moves there. The mock never
    /// deletes on its own below ~5 MiB or 100,000 message sets per partition, and a fetch walks the partition's message
    /// sets from the oldest kept one, so a long benchmark trims what every consumer has read.</summary>
    public void DeleteRecords(string topic, int partition, long beforeOffset)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfNegative(beforeOffset);
        lock (_gate) Check(rd_kafka_mock_partition_delete_records(Live(), topic, partition, beforeOffset), $"delete the records of {topic}/{partition} before offset {beforeOffset}");
    }

    /// <summary>Which broker coordinates a group (<paramref name="keyType"/> "group") or a transactional id ("transaction").</summary>
    public void SetCoordinator(string keyType, string key, int brokerId)
    {
        if (keyType is not ("group" or "transaction"))
            throw new ArgumentException($"the coordinator type is 'group' or 'transaction', not '{keyType}'", nameof(keyType));
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        lock (_gate) Check(rd_kafka_mock_coordinator_set(Live(), keyType, key, ValidBroker(brokerId)), $"make broker {brokerId} the {keyType} coordinator of {key}");
    }

    /// <summary>Fault injection: the next requests of <paramref name="apiKey"/> (to any broker, from any client) are
    /// answered with these errors, one per request, in order; then requests are served normally again.</summary>
    public void PushRequestErrors(short apiKey, IReadOnlyList<int> errors)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(apiKey);
        if (errors.Count == 0) throw new ArgumentException("no errors to push", nameof(errors));
        var array = errors.ToArray();
        lock (_gate) rd_kafka_mock_push_request_errors_array(Live(), apiKey, (UIntPtr)array.Length, array);
    }

    /// <summary>Drops the errors pushed for <paramref name="apiKey"/> that no request has received yet.</summary>
    public void ClearRequestErrors(short apiKey)
    {
        lock (_gate) rd_kafka_mock_clear_request_errors(Live(), apiKey);
    }

    /// <summary>From now on the mock records every request it receives (for <see cref="TrackedRequests"/>), until
    /// <see cref="StopRequestTracking"/>: meant for short windows, the record grows with every request.</summary>
    public void StartRequestTracking()
    {
        lock (_gate)
        {
            rd_kafka_mock_clear_requests(Live());
            rd_kafka_mock_start_request_tracking(Live());
        }
    }

    public void StopRequestTracking()
    {
        lock (_gate)
        {
            rd_kafka_mock_stop_request_tracking(Live());
            rd_kafka_mock_clear_requests(Live());
        }
    }

    /// <summary>Requests received since <see cref="StartRequestTracking"/>, counted by ApiKey.</summary>
    public IReadOnlyDictionary<short, int> TrackedRequests()
    {
        var counts = new Dictionary<short, int>();
        lock (_gate)
        {
            var requests = rd_kafka_mock_get_requests(Live(), out var count);
            if (requests == IntPtr.Zero) return counts;
            try
            {
                for (var i = 0; i < (int)count; i++)
                {
                    var apiKey = rd_kafka_mock_request_api_key(Marshal.ReadIntPtr(requests, i * IntPtr.Size));
                    counts[apiKey] = counts.GetValueOrDefault(apiKey) + 1;
                }
            }
            finally
            {
                rd_kafka_mock_request_destroy_array(requests, count);
            }
        }
        return counts;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_cluster == IntPtr.Zero) return;
            // Order matters: the mock cluster before the handle that owns it, or librdkafka aborts the process.
            rd_kafka_mock_cluster_destroy(_cluster);
            rd_kafka_destroy(_handle);
            _cluster = IntPtr.Zero;
            _handle = IntPtr.Zero;
        }
    }

    private IntPtr Live() =>
        _cluster != IntPtr.Zero ? _cluster : throw new ObjectDisposedException(nameof(EmbeddedKafka));

    private int ValidBroker(int brokerId) =>
        brokerId >= 1 && brokerId <= Brokers
            ? brokerId
            : throw new ArgumentOutOfRangeException(nameof(brokerId), brokerId, $"the embedded Kafka has brokers 1 to {Brokers}");

    private static void Check(int err, string what)
    {
        if (err != 0)
            throw new InvalidOperationException($"Embedded Kafka: {what} failed: {Marshal.PtrToStringUTF8(rd_kafka_err2str(err))} ({err})");
    }
}
