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
        lock (_gate) Check(rd_kafka_mock_broker_set_down(Live(), brokerId), $"set broker {brokerId} down");
    }

    public void BrokerUp(int brokerId)
    {
        lock (_gate) Check(rd_kafka_mock_broker_set_up(Live(), brokerId), $"set broker {brokerId} up");
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

    private static void Check(int err, string what)
    {
        if (err != 0)
            throw new InvalidOperationException($"Embedded Kafka: {what} failed: {Marshal.PtrToStringUTF8(rd_kafka_err2str(err))} ({err})");
    }
}
