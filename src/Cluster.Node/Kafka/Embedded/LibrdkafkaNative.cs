using System.Reflection;
using System.Runtime.InteropServices;

namespace Akka.Payments.Node.Kafka.Embedded;

/// <summary>
/// P/Invoke into the librdkafka that Confluent.Kafka already loaded (its mock-cluster API is not wrapped by
/// Confluent). On Debian 12 Confluent maps <c>centos8-librdkafka.so</c>, so a plain "librdkafka" lookup fails:
/// the resolver asks Confluent to load first and then opens exactly the file the process has mapped.
/// </summary>
internal static partial class LibrdkafkaNative
{
    private const string Lib = "librdkafka";

    public const int ProducerType = 0; // RD_KAFKA_PRODUCER

    static LibrdkafkaNative() =>
        NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaNative).Assembly, Resolve);

    /// <summary>Forces the static constructor (and so the resolver) to run before the first native call.</summary>
    public static void EnsureResolver() { }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != Lib) return IntPtr.Zero;
        Confluent.Kafka.Library.Load();
        var mapped = FindMappedLibrdkafka();
        if (mapped is not null && NativeLibrary.TryLoad(mapped, out var handle)) return handle;
        foreach (var candidate in Candidates())
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out handle)) return handle;
        return IntPtr.Zero; // let the runtime try its default probing (and report a clear DllNotFoundException)
    }

    /// <summary>The librdkafka file this process has mapped (Linux: /proc/self/maps), i.e. the one Confluent chose.</summary>
    private static string? FindMappedLibrdkafka()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps)) return null;
        return File.ReadLines(maps)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(cols => cols.Length >= 6)
            .Select(cols => string.Join(' ', cols.Skip(5)))
            .FirstOrDefault(path => Path.GetFileName(path).Contains("librdkafka", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Candidates()
    {
        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
        var linux = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        foreach (var dir in new[] { native, linux, AppContext.BaseDirectory })
        {
            yield return Path.Combine(dir, "centos8-librdkafka.so");
            yield return Path.Combine(dir, "librdkafka.so");
            yield return Path.Combine(dir, "librdkafka.dylib");
            yield return Path.Combine(dir, "librdkafka.dll");
        }
    }

    [LibraryImport(Lib)]
    public static partial IntPtr rd_kafka_conf_new();

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_conf_set(IntPtr conf, string name, string value, byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(Lib)]
    public static partial IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(Lib)]
    public static partial void rd_kafka_destroy(IntPtr rk);

    [LibraryImport(Lib)]
    public static partial IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

    [LibraryImport(Lib)]
    public static partial void rd_kafka_mock_cluster_destroy(IntPtr mcluster);

    [LibraryImport(Lib)]
    public static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr mcluster);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_mock_topic_create(IntPtr mcluster, string topic, int partitions, int replicationFactor);

    [LibraryImport(Lib)]
    public static partial int rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr mcluster, int delayMs);

    [LibraryImport(Lib)]
    public static partial int rd_kafka_mock_broker_set_down(IntPtr mcluster, int brokerId);

    [LibraryImport(Lib)]
    public static partial int rd_kafka_mock_broker_set_up(IntPtr mcluster, int brokerId);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_mock_partition_set_leader(IntPtr mcluster, string topic, int partition, int brokerId);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_mock_partition_delete_records(IntPtr mcluster, string topic, int partition, long beforeOffset);

    [LibraryImport(Lib)]
    public static partial int rd_kafka_mock_broker_set_rtt(IntPtr mcluster, int brokerId, int rttMs);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_mock_coordinator_set(IntPtr mcluster, string keyType, string key, int brokerId);

    /// <summary>Not the variadic <c>rd_kafka_mock_push_request_errors</c>: the array form has a fixed signature.</summary>
    [LibraryImport(Lib)]
    public static partial void rd_kafka_mock_push_request_errors_array(IntPtr mcluster, short apiKey, UIntPtr count, int[] errors);

    [LibraryImport(Lib)]
    public static partial void rd_kafka_mock_clear_request_errors(IntPtr mcluster, short apiKey);

    [LibraryImport(Lib)]
    public static partial void rd_kafka_mock_start_request_tracking(IntPtr mcluster);

    [LibraryImport(Lib)]
    public static partial void rd_kafka_mock_stop_request_tracking(IntPtr mcluster);

    [LibraryImport(Lib)]
    public static partial void rd_kafka_mock_clear_requests(IntPtr mcluster);

    /// <summary>A copy of the tracked requests: an array of <paramref name="count"/> request pointers, freed (elements
    /// and array) by <see cref="rd_kafka_mock_request_destroy_array"/>.</summary>
    [LibraryImport(Lib)]
    public static partial IntPtr rd_kafka_mock_get_requests(IntPtr mcluster, out UIntPtr count);

    [LibraryImport(Lib)]
    public static partial short rd_kafka_mock_request_api_key(IntPtr request);

    [LibraryImport(Lib)]
    public static partial void rd_kafka_mock_request_destroy_array(IntPtr requests, UIntPtr count);

    [LibraryImport(Lib)]
    public static partial IntPtr rd_kafka_err2str(int err);
}
