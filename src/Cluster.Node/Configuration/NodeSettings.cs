using Akka.Payments.Node.Accounts;
using Akka.Payments.Node.Control.Rules;
using Akka.Payments.Node.Control.Scaling;
using Akka.Payments.Node.Kafka.Streams;
using Akka.Payments.Node.Ops;
using Akka.Payments.Node.Trust;
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
    PaymentRules Rules,
    TrustSettings Trust,
    DeadLetterStoreSettings DeadLetterStore,
    OpsSettings Ops)
{
    /// <summary>How the live rules spread and the rules singleton snapshots (<c>Payments:Control:Rules*</c>).</summary>
    public RulesPlaneSettings RulesPlane { get; init; } = RulesPlaneSettings.Default;

    /// <summary>The control plane's autoscaling (<c>Payments:Control:*</c>).</summary>
    public ScalerSettings Scaler { get; init; } = ScalerSettings.Default;

    /// <summary>Where the node keeps its files (<c>Payments:DataDir</c>), relative to the working directory.</summary>
    public const string DefaultDataDir = "./data";

    /// <summary>Reads the configuration; every key not set falls back to the default of its settings record.</summary>
    public static NodeSettings From(IConfiguration config)
    {
        var reader = new SettingsReader(config);
        var dataDir = Path.GetFullPath(reader.String("Payments:DataDir", DefaultDataDir));
        var kafka = new KafkaSettings();
        var cluster = new ClusterSettings();
        var stream = new StreamSettings();
        var accounts = AccountEntitySettings.Default;
        return new NodeSettings(
            dataDir,
            new KafkaSettings
            {
                BootstrapServers = reader.OptionalString("Kafka:BootstrapServers") ?? BootstrapFromFile(reader),
                GroupId = reader.String("Kafka:GroupId", kafka.GroupId),
                EmbeddedBrokers = reader.Int("Kafka:Embedded:Brokers", kafka.EmbeddedBrokers, min: 1, max: 9),
                EmbeddedPartitions = reader.Int("Kafka:Embedded:Partitions", kafka.EmbeddedPartitions, min: 1, max: 1000),
                Consumer = reader.Properties("Kafka:Consumer"),
                PlaneConsumer = reader.Properties("Kafka:PlaneConsumer", KafkaSettings.PlaneConsumerDefaults),
                Producer = reader.Properties("Kafka:Producer"),
            },
            JournalSettings.From(reader, dataDir),
            new ClusterSettings
            {
                Hostname = reader.String("CLUSTER_IP", cluster.Hostname),
                Port = reader.Int("CLUSTER_PORT", cluster.Port, min: 0, max: 65535),
                Seeds = reader.List("CLUSTER_SEEDS"),
                Shards = reader.Int("Payments:Shards", cluster.Shards, min: 1, max: 100_000),
                ShardAllocation = ShardAllocationOf(reader, cluster.ShardAllocation),
                StableAfter = reader.Duration(ClusterBootstrap.StableAfterKey, cluster.StableAfter),
                AcceptableHeartbeatPause = reader.Duration(ClusterBootstrap.AcceptableHeartbeatPauseKey, cluster.AcceptableHeartbeatPause),
            },
            StreamFrom(reader, stream) with
            {
                Parallelism = reader.Int("Payments:Stream:Parallelism", stream.Parallelism, min: 1, max: 10_000),
                MaxRecordBytes = reader.Int("Payments:Stream:MaxRecordBytes", stream.MaxRecordBytes, min: 1024, max: 16 << 20),
                CommitBatch = reader.Int("Payments:Stream:CommitBatch", stream.CommitBatch, min: 1, max: 100_000),
                CommitInterval = reader.Duration("Payments:Stream:CommitInterval", stream.CommitInterval),
                StallTimeout = reader.Duration("Payments:Stream:StallTimeout", stream.StallTimeout),
            },
            new AccountEntitySettings(
                SnapshotEvery: reader.Int("Payments:Accounts:SnapshotEvery", accounts.SnapshotEvery, min: 1, max: 1_000_000),
                DedupWindow: reader.Int("Payments:Accounts:DedupWindow", accounts.DedupWindow, min: 1, max: 10_000_000),
                IdempotencyRetention: IdempotencyRetention(reader)),
            RulesFrom(reader),
            TrustFrom(reader),
            DeadLetterStoreFrom(reader),
            new OpsSettings
            {
                DeadLetterAlertPerMinute = reader.Int("Payments:Ops:DeadLetterAlertPerMinute", OpsSettings.Default.DeadLetterAlertPerMinute,
                    min: 0, max: 10_000_000),
                ReportEvery = reader.Duration("Payments:Ops:ReportEvery", OpsSettings.Default.ReportEvery),
            })
        {
            Scaler = ScalerSettings.From(reader),
            RulesPlane = RulesPlaneFrom(reader),
        };
    }

    private static RulesPlaneSettings RulesPlaneFrom(SettingsReader reader)
    {
        var d = RulesPlaneSettings.Default;
        const string pullKey = "Payments:Control:RulesPullEvery";
        var pull = reader.Duration(pullKey, d.RulesPullEvery);
        if (pull < TimeSpan.FromMilliseconds(100) || pull > TimeSpan.FromHours(1))
            throw new ConfigurationException(pullKey, pull.ToString(), "between 00:00:00.1 and 01:00:00, e.g. 00:00:05");
        return new RulesPlaneSettings
        {
            RulesPullEvery = pull,
            RulesSnapshotEvery = reader.Int("Payments:Control:RulesSnapshotEvery", d.RulesSnapshotEvery, min: 1, max: 1_000_000),
        };
    }

    private static DeadLetterStoreSettings DeadLetterStoreFrom(SettingsReader reader)
    {
        var store = DeadLetterStoreSettings.Default;
        return new DeadLetterStoreSettings
        {
            MaxStored = reader.Int("Payments:Ops:MaxStored", store.MaxStored, min: 100, max: 10_000_000),
            MaxReplays = reader.Int("Payments:Ops:MaxReplays", store.MaxReplays, min: 1, max: 1000),
            ReplayRate = reader.Int("Payments:Ops:ReplayRate", store.ReplayRate, min: 1, max: 10_000),
            MaxBatch = reader.Int("Payments:Ops:MaxBatch", store.MaxBatch, min: 1, max: 100_000),
            BatchWait = reader.Duration("Payments:Ops:BatchWait", store.BatchWait),
            SnapshotEvery = reader.Int("Payments:Ops:SnapshotEvery", store.SnapshotEvery, min: 1, max: 1_000_000),
            GroupId = reader.String("Payments:Ops:GroupId", store.GroupId),
        };
    }

    private static TrustSettings TrustFrom(SettingsReader reader)
    {
        var trust = TrustSettings.Default;
        var settings = new TrustSettings
        {
            Window = reader.Duration("Payments:Trust:Window", trust.Window),
            Sla = reader.Duration("Payments:Trust:Sla", trust.Sla),
            Lateness = reader.Duration("Payments:Trust:Lateness", trust.Lateness, zeroAllowed: true),
            IdleClose = reader.Duration("Payments:Trust:IdleClose", trust.IdleClose),
            Horizon = reader.Duration("Payments:Trust:Horizon", trust.Horizon),
            History = reader.Int("Payments:Trust:History", trust.History, min: 0, max: 100_000),
            TickInterval = reader.Duration("Payments:Trust:TickInterval", trust.TickInterval),
            MaxBatch = reader.Int("Payments:Trust:MaxBatch", trust.MaxBatch, min: 1, max: 100_000),
            SnapshotEvery = reader.Int("Payments:Trust:SnapshotEvery", trust.SnapshotEvery, min: 1, max: 1_000_000),
            GroupId = reader.String("Payments:Trust:GroupId", trust.GroupId),
        };
        if (settings.Horizon < settings.Window + settings.Lateness)
            throw new ConfigurationException("Payments:Trust:Horizon", settings.Horizon.ToString(),
                $"at least Payments:Trust:Window + Payments:Trust:Lateness ({settings.Window + settings.Lateness})");
        return settings.Validate();
    }

    /// <summary>Unset: <paramref name="fallback"/>, the default of <see cref="ClusterSettings.ShardAllocation"/>.</summary>
    private static ShardAllocation ShardAllocationOf(SettingsReader reader, ShardAllocation fallback)
    {
        if (reader.OptionalString("Payments:ShardAllocation") is not { } configured) return fallback;
        return configured.ToLowerInvariant() switch
        {
            "partitions" => ShardAllocation.PartitionAligned,
            "least-shards" => ShardAllocation.LeastShards,
            _ => throw new ConfigurationException("Payments:ShardAllocation", configured, "partitions or least-shards"),
        };
    }

    /// <summary>The ask timeouts: the first may not be longer than the longest.</summary>
    private static StreamSettings StreamFrom(SettingsReader reader, StreamSettings defaults)
    {
        const string firstKey = "Payments:Stream:FirstAskTimeout";
        var longest = reader.Duration("Payments:Stream:AskTimeout", defaults.AskTimeout);
        var first = reader.Duration(firstKey, TimeSpan.FromTicks(Math.Min(defaults.FirstAskTimeout.Ticks, longest.Ticks)));
        if (first > longest)
            throw new ConfigurationException(firstKey, first.ToString(), $"at most Payments:Stream:AskTimeout ({longest})");
        return defaults with { AskTimeout = longest, FirstAskTimeout = first };
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

    /// <summary>The rules a node starts with, each read by the parser of its <see cref="RuleKeys"/> key, so that the
    /// control plane's live changes accept exactly what the configuration does.</summary>
    private static PaymentRules RulesFrom(SettingsReader reader)
    {
        var d = PaymentRules.Default;
        var rules = d with { Version = reader.Int("Rules:Version", (int)d.Version, min: 1, max: int.MaxValue) };
        foreach (var key in RuleKeys.All)
        {
            if (reader.OptionalList(key.ConfigKey) is not { } raw) continue;
            rules = key.Edit(rules, raw) switch
            {
                RuleEdit.Set set => set.Rules,
                RuleEdit.Invalid invalid => throw new ConfigurationException(key.ConfigKey, raw, invalid.Expected),
                _ => rules,
            };
        }
        return rules;
    }
}

/// <summary>The Kafka the node talks to (<c>Kafka:*</c>).</summary>
public sealed record KafkaSettings
{
    /// <summary>Null: start the embedded Kafka (librdkafka's mock cluster) in this process.</summary>
    public string? BootstrapServers { get; init; }

    public string GroupId { get; init; } = "payments-node";

    public int EmbeddedBrokers { get; init; } = 3;

    public int EmbeddedPartitions { get; init; } = 12;

    /// <summary>librdkafka consumer properties to set as they are (<c>Kafka__Consumer__session.timeout.ms=6000</c>).</summary>
    public IReadOnlyDictionary<string, string> Consumer { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// librdkafka consumer properties for the planes' consumers only (trust, ops), set after <see cref="Consumer"/>
    /// (<c>Kafka__PlaneConsumer__fetch.wait.max.ms=500</c>). The planes count and store in batches of up to a second
    /// anyway, so by default they fetch in larger, later batches than the payment stream: each fetch a broker answers
    /// costs CPU in the node and in the broker, whatever it carries.
    /// </summary>
    public IReadOnlyDictionary<string, string> PlaneConsumer { get; init; } = PlaneConsumerDefaults;

    /// <summary>What <see cref="PlaneConsumer"/> holds unless configured: a fetch waits up to 250 ms for 64 KiB.</summary>
    public static readonly IReadOnlyDictionary<string, string> PlaneConsumerDefaults = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["fetch.wait.max.ms"] = "250",
        ["fetch.min.bytes"] = "65536",
    };

    /// <summary>librdkafka producer properties to set as they are (<c>Kafka__Producer__linger.ms=10</c>).</summary>
    public IReadOnlyDictionary<string, string> Producer { get; init; } = new Dictionary<string, string>();

    public bool IsEmbedded => BootstrapServers is null;
}

/// <summary>Where the node listens and whom it joins (Lighthouse conventions: <c>CLUSTER_IP</c>, <c>CLUSTER_PORT</c>, <c>CLUSTER_SEEDS</c>).</summary>
public sealed record ClusterSettings
{
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>0: a free port.</summary>
    public int Port { get; init; }

    /// <summary>Empty: this node seeds itself, so one node is a whole cluster.</summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    /// <summary>Account shards (<c>Payments:Shards</c>; the same on every member). An account's shard is its Kafka
    /// partition over this count, so with as many shards as the input topic has partitions shard p holds partition p's
    /// accounts. Changing it moves accounts between shards: stop the whole cluster first, never in a rolling restart.</summary>
    public int Shards { get; init; } = AccountMessageExtractor.DefaultShards;

    /// <summary>Where the shards live (<c>Payments:ShardAllocation</c>: <c>partitions</c> or <c>least-shards</c>).</summary>
    public ShardAllocation ShardAllocation { get; init; } = ShardAllocation.LeastShards;

    /// <summary>Split Brain Resolver (keep-majority): how long membership must be stable before the unreachable side
    /// is downed (<c>Cluster:SplitBrainResolver:StableAfter</c>; same value on every member).</summary>
    public TimeSpan StableAfter { get; init; } = ClusterBootstrap.DefaultStableAfter;

    /// <summary>How long another member's heartbeats may pause before this node calls it unreachable
    /// (<c>Cluster:FailureDetector:AcceptableHeartbeatPause</c>, Akka's 3 s by default).</summary>
    public TimeSpan AcceptableHeartbeatPause { get; init; } = ClusterBootstrap.DefaultAcceptableHeartbeatPause;
}

/// <summary>How the payment stream runs (<c>Payments:Stream:*</c>).</summary>
public sealed record StreamSettings
{
    /// <summary>Records in flight between decode and produce: asks to the shard region at once.</summary>
    public int Parallelism { get; init; } = 1024;

    /// <summary>How long to wait for an entity at most before asking again (never skipping the record).</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for the first answer before asking again; each later wait doubles, up to
    /// <see cref="AskTimeout"/>. An ask lost with a crashed node or dropped in a shard handoff is repeated within
    /// seconds, and an entity that is only slow is asked again less and less often.</summary>
    public TimeSpan FirstAskTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Larger input records are dead-lettered (<c>oversize</c>). Only decoded, bounded fields of a record
    /// ever cross Akka.Remote (in a <c>DecideEvent</c>), never its bytes, so this limit is not tied to the remoting
    /// frame size.</summary>
    public int MaxRecordBytes { get; init; } = 64 * 1024;

    /// <summary>Offsets per commit at most (the committer's own default).</summary>
    public int CommitBatch { get; init; } = CommitterSettings.Default.MaxBatch;

    /// <summary>How long the committer waits for a batch to fill (the committer's own default).</summary>
    public TimeSpan CommitInterval { get; init; } = CommitterSettings.Default.MaxInterval;

    /// <summary>How long the stream may go without progress (a commit) while records wait before <c>/ready</c> says
    /// 503 (<c>Payments:Stream:StallTimeout</c>).</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
