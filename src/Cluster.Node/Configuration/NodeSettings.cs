using Akka.Payments.Node.Accounts;
using Akka.Payments.Shared.Cluster;
using Akka.Payments.Shared.Rules;
using Microsoft.Extensions.Configuration;

namespace Akka.Payments.Node.Configuration;

/// <summary>
/// Everything a node is configured with, read once at start from appsettings.json, environment variables
/// (<c>Payments__DataDir</c>, <c>Kafka__BootstrapServers</c>, <c>CLUSTER_PORT</c>, ...) and the command line.
/// A bad value fails the start with the key named.
/// </summary>
public sealed record NodeSettings(
    string DataDir,
    KafkaSettings Kafka,
    JournalSettings Journal,
    ClusterSettings Cluster,
    StreamSettings Stream,
    AccountEntitySettings Accounts,
    PaymentRules Rules)
{
    public static NodeSettings From(IConfiguration config)
    {
        var reader = new SettingsReader(config);
        var dataDir = Path.GetFullPath(reader.String("Payments:DataDir", "./data"));
        var defaults = new StreamSettings();
        return new NodeSettings(
            dataDir,
            new KafkaSettings(
                BootstrapServers: reader.OptionalString("Kafka:BootstrapServers") ?? BootstrapFromFile(reader),
                GroupId: reader.String("Kafka:GroupId", "payments-node"),
                EmbeddedBrokers: reader.Int("Kafka:Embedded:Brokers", 3, min: 1, max: 9),
                EmbeddedPartitions: reader.Int("Kafka:Embedded:Partitions", 12, min: 1, max: 1000),
                Consumer: reader.Properties("Kafka:Consumer"),
                Producer: reader.Properties("Kafka:Producer")),
            JournalSettings.From(reader, dataDir),
            new ClusterSettings(
                Hostname: reader.String("CLUSTER_IP", "127.0.0.1"),
                Port: reader.Int("CLUSTER_PORT", 0, min: 0, max: 65535),
                Seeds: reader.List("CLUSTER_SEEDS"),
                Shards: reader.Int("Payments:Shards", AccountMessageExtractor.DefaultShards, min: 1, max: 100_000),
                StableAfter: reader.Duration(ClusterBootstrap.StableAfterKey, ClusterBootstrap.DefaultStableAfter)),
            new StreamSettings(
                Parallelism: reader.Int("Payments:Stream:Parallelism", defaults.Parallelism, min: 1, max: 10_000),
                AskTimeout: reader.Duration("Payments:Stream:AskTimeout", defaults.AskTimeout),
                MaxRecordBytes: reader.Int("Payments:Stream:MaxRecordBytes", defaults.MaxRecordBytes, min: 1024, max: 16 << 20),
                CommitBatch: reader.Int("Payments:Stream:CommitBatch", defaults.CommitBatch, min: 1, max: 100_000),
                CommitInterval: reader.Duration("Payments:Stream:CommitInterval", defaults.CommitInterval),
                StallTimeout: reader.Duration("Payments:Stream:StallTimeout", defaults.StallTimeout)),
            new AccountEntitySettings(
                SnapshotEvery: reader.Int("Payments:Accounts:SnapshotEvery", AccountEntitySettings.Default.SnapshotEvery, min: 1, max: 1_000_000),
                DedupWindow: reader.Int("Payments:Accounts:DedupWindow", AccountEntitySettings.Default.DedupWindow, min: 1, max: 10_000_000),
                IdempotencyRetention: IdempotencyRetention(reader)),
            RulesFrom(reader));
    }

    private static TimeSpan IdempotencyRetention(SettingsReader reader)
    {
        const string key = "Payments:Accounts:IdempotencyRetention";
        var retention = reader.Duration(key, AccountEntitySettings.Default.IdempotencyRetention);
        if (retention < TimeSpan.FromDays(1) || retention > TimeSpan.FromDays(3650))
            throw new ConfigurationException(key, retention.ToString(), "between 1 day and 3650 days, e.g. 30.00:00:00");
        return retention;
    }

    /// <summary><c>Kafka:BootstrapFile</c>: the file a separate embedded Kafka (<c>Cluster.Node kafka</c>) wrote.</summary>
    private static string? BootstrapFromFile(SettingsReader reader)
    {
        var file = reader.OptionalString("Kafka:BootstrapFile");
        if (file is null) return null;
        var servers = File.Exists(file) ? File.ReadAllText(file).Trim() : "";
        if (servers.Length == 0)
            throw new ConfigurationException("Kafka:BootstrapFile", file, "a file holding the bootstrap servers, as written by `Cluster.Node kafka`");
        return servers;
    }

    private static PaymentRules RulesFrom(SettingsReader reader)
    {
        var d = PaymentRules.Default;
        return new PaymentRules
        {
            Version = reader.Int("Rules:Version", (int)d.Version, min: 1, max: int.MaxValue),
            AllowedCurrencies = reader.CodeSet("Rules:AllowedCurrencies", 3) ?? d.AllowedCurrencies,
            BlockedCountries = reader.CodeSet("Rules:BlockedCountries", 2) ?? d.BlockedCountries,
            BlockedAccounts = reader.List("Rules:BlockedAccounts").ToHashSet(StringComparer.Ordinal),
            MaxAmount = reader.Decimal("Rules:MaxAmount", d.MaxAmount),
            VelocityPerMinute = reader.Int("Rules:VelocityPerMinute", d.VelocityPerMinute, min: 0, max: 1_000_000),
            DailyLimit = reader.Decimal("Rules:DailyLimit", d.DailyLimit),
        };
    }
}

/// <param name="BootstrapServers">Null: start the embedded Kafka (librdkafka's mock cluster) in this process.</param>
/// <param name="Consumer">librdkafka consumer properties to set as they are (<c>Kafka__Consumer__session.timeout.ms=6000</c>).</param>
/// <param name="Producer">librdkafka producer properties to set as they are (<c>Kafka__Producer__linger.ms=10</c>).</param>
public sealed record KafkaSettings(
    string? BootstrapServers,
    string GroupId,
    int EmbeddedBrokers,
    int EmbeddedPartitions,
    IReadOnlyDictionary<string, string> Consumer,
    IReadOnlyDictionary<string, string> Producer)
{
    public bool IsEmbedded => BootstrapServers is null;
}

/// <param name="Seeds">Empty: this node seeds itself, so one node is a whole cluster.</param>
/// <param name="StableAfter">Split Brain Resolver (keep-majority): how long membership must be stable before the
/// unreachable side is downed (<c>Cluster:SplitBrainResolver:StableAfter</c>; same value on every member).</param>
public sealed record ClusterSettings(string Hostname, int Port, IReadOnlyList<string> Seeds, int Shards, TimeSpan StableAfter);

/// <summary>How the payment stream runs (<c>Payments:Stream:*</c>).</summary>
/// <param name="Parallelism">Records in flight between decode and produce: asks to the shard region at once.</param>
/// <param name="AskTimeout">How long to wait for an entity before asking again (never skipping the record).</param>
/// <param name="MaxRecordBytes">Larger input records are dead-lettered (<c>oversize</c>). Only decoded, bounded fields
/// of a record ever cross Akka.Remote (in a <c>DecideEvent</c>), never its bytes, so this limit is not tied to the
/// remoting frame size.</param>
/// <param name="StallTimeout">How long the stream may go without progress (a commit) while records wait before
/// <c>/ready</c> says 503 (<c>Payments:Stream:StallTimeout</c>).</param>
public sealed record StreamSettings(
    int Parallelism = 1024,
    TimeSpan AskTimeout = default,
    int MaxRecordBytes = 64 * 1024,
    int CommitBatch = 2000,
    TimeSpan CommitInterval = default,
    TimeSpan StallTimeout = default)
{
    public TimeSpan AskTimeout { get; init; } = AskTimeout == default ? TimeSpan.FromSeconds(10) : AskTimeout;
    public TimeSpan CommitInterval { get; init; } = CommitInterval == default ? TimeSpan.FromMilliseconds(500) : CommitInterval;
    public TimeSpan StallTimeout { get; init; } = StallTimeout == default ? TimeSpan.FromSeconds(60) : StallTimeout;
}
