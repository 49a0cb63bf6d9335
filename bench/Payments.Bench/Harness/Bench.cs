using Akka.Payments.Bench.Streamiz;
using Akka.Payments.Node.Kafka.Embedded;
using Akka.Payments.Shared;
using Confluent.Kafka;
using Npgsql;

namespace Akka.Payments.Bench.Harness;

/// <summary>Sets up one target on one journal — a fresh embedded Kafka, a fresh database, the process, the warm-up —
/// and runs trials against it.</summary>
public sealed class Bench : IAsyncDisposable
{
    private readonly EmbeddedKafka _kafka;
    private readonly SystemUnderTest _sut;
    private readonly string _dataDir;
    private readonly string? _database;
    private readonly string? _adminConnection;
    private readonly int _partitions;

    public LoadGenerator Load { get; }
    public OutcomeMeter Meter { get; }
    public string Target { get; }
    public string Journal { get; }
    public SystemUnderTest Process => _sut;

    private Bench(string target, string journal, EmbeddedKafka kafka, SystemUnderTest sut, string dataDir,
        LoadGenerator load, OutcomeMeter meter, string? database, string? adminConnection, int partitions)
    {
        (Target, Journal, _kafka, _sut, _dataDir, Load, Meter, _database, _adminConnection, _partitions) =
            (target, journal, kafka, sut, dataDir, load, meter, database, adminConnection, partitions);
    }

    public static async Task<Bench> Start(BenchOptions options, string target, string journal)
    {
        var kafka = EmbeddedKafka.Start(brokers: 3);
        foreach (var topic in Topics.Core) kafka.CreateTopic(topic, options.Partitions);
        // Kafka Streams creates its internal topics through CreateTopics, which the embedded broker lacks: create the
        // store's changelog up front, co-partitioned with the input as Streamiz checks.
        if (target == "streamiz") kafka.CreateTopic(StreamizTopology.ChangelogTopic, options.Partitions);
        var dataDir = Directory.CreateTempSubdirectory($"bench-{target}-").FullName;
        string connection;
        string? database = null;
        if (journal == "postgres")
        {
            database = $"bench_{target.Replace('-', '_')}_{Guid.NewGuid():N}"[..24];
            await using (var admin = new NpgsqlConnection(options.PostgresConnection))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
                await create.ExecuteNonQueryAsync();
            }
            connection = new NpgsqlConnectionStringBuilder(options.PostgresConnection) { Database = database }.ConnectionString;
        }
        else
        {
            connection = $"Data Source={Path.Combine(dataDir, "journal.db")};Pooling=True";
        }

        var meter = new OutcomeMeter(kafka.BootstrapServers, options.Partitions);
        var sut = await SystemUnderTest.Start(target, journal, kafka.BootstrapServers, connection, dataDir, options.Partitions);
        var load = new LoadGenerator(kafka.BootstrapServers, options.Accounts, options.Mix);
        var bench = new Bench(target, journal, kafka, sut, dataDir, load, meter, database, options.PostgresConnection, options.Partitions);

        // Warm-up: every account credited, the entities or dictionary entries exist; then load, so the JIT has run.
        meter.Begin("warm");
        var expected = load.WarmUp("warm", meter);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (meter.Answered < expected && DateTime.UtcNow < deadline) await Task.Delay(50);
        if (meter.Answered < expected)
        {
            // The system under test is a process of its own: never leave it running behind a failed start.
            await bench.DisposeAsync();
            throw new InvalidOperationException($"{target} answered {meter.Answered}/{expected} warm-up credits");
        }
        if (options.WarmUp > TimeSpan.Zero) // the mix at a rate every target sustains, unmeasured: the JIT tiers up
        {
            await bench.Trial(1_000, options.WarmUp);
            await meter.Settle(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(2));
        }
        return bench;
    }

    /// <summary>Runs one trial on a broker log trimmed of everything already read (see <see cref="TrimBroker"/>).</summary>
    public Task<TrialResult> Trial(double rate, TimeSpan duration)
    {
        TrimBroker();
        return Harness.Trial.Run(_sut, Journal, Load, Meter, rate, duration);
    }

    /// <summary>
    /// Deletes what every reader has read: <c>payments.requested</c> up to the offsets the system under test committed,
    /// its outcomes and dead letters up to the meter's position. The embedded broker finds a fetch's offset by walking
    /// the partition's message sets from the oldest it keeps (librdkafka's mock: <c>rd_kafka_mock_msgset_find</c>), and
    /// keeps up to ~5 MiB per partition, so without this every fetch of a sweep's later trials walks all the earlier
    /// trials' records: measured, the harness then spent half to two thirds of its CPU in that walk, twice as much per
    /// record at the end of a sweep as at its start, and both systems' p99 at the same rate grew four- to fivefold.
    /// </summary>
    public void TrimBroker()
    {
        using var reader = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            GroupId = _sut.GroupId,
        }).Build();
        var requested = Enumerable.Range(0, _partitions).Select(p => new TopicPartition(Topics.Requested, p)).ToList();
        var read = reader.Committed(requested, TimeSpan.FromSeconds(10)).Concat(Meter.Positions());
        foreach (var tpo in read.Where(tpo => tpo.Offset.Value > 0))
            _kafka.DeleteRecords(tpo.Topic, tpo.Partition.Value, tpo.Offset.Value);
    }

    public async ValueTask DisposeAsync()
    {
        _sut.Dispose();
        Meter.Dispose();
        Load.Dispose();
        _kafka.Dispose();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
        if (_database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_adminConnection);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
