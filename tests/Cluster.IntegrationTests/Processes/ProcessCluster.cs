using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Akka.Payments.IntegrationTests.Infrastructure;
using Akka.Payments.Node.Tests.EndToEnd;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Cluster;
using Akka.Payments.Testing;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace Akka.Payments.IntegrationTests.Processes;

/// <summary>
/// A cluster of real processes on loopback: the embedded Kafka (<c>Cluster.Node kafka</c>), a Lighthouse and payment
/// nodes sharing one PostgreSQL journal and the consumer group <c>payments-node</c>. Failure detection is tuned for
/// tests: SBR stable-after 2 s, Kafka session timeout 6 s, and heartbeats may pause 6 s instead of Akka's 3 s, because
/// on 2 cores shared by several processes starting at once (and the other process collection's) a starting node's
/// heartbeats were seen 2.6 s apart, and the others downed it before it was ready.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    public const int Partitions = 12;
    public const string GroupId = "payments-node";
    public static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);
    private const string HeartbeatPause = "00:00:06";

    private readonly ITestOutputHelper _output;
    private readonly string _root = Directory.CreateTempSubdirectory("payments-cluster-").FullName;
    private readonly string _journal;
    private readonly int _lighthousePort = FreePort.Next();
    private readonly List<NodeProcess> _all = new();
    private readonly IReadOnlyDictionary<string, string> _nodeEnvironment;
    private NodeProcess? _kafka;

    /// <param name="nodeEnvironment">Settings every payment node gets on top of the cluster's own (such as
    /// <c>Payments__Ops__MaxReplays</c>); they win over the defaults here.</param>
    public ProcessCluster(string journalConnectionString, ITestOutputHelper output, IReadOnlyDictionary<string, string>? nodeEnvironment = null)
    {
        _journal = journalConnectionString;
        _output = output;
        _nodeEnvironment = nodeEnvironment ?? new Dictionary<string, string>();
    }

    public string BootstrapServers { get; private set; } = "";

    /// <summary>
    /// The address the Lighthouse and the payment nodes bind and advertise for Akka remoting (<c>CLUSTER_IP</c>), and
    /// so the host of the seed; 127.0.0.1 unless a spec puts a member on another network (a node in a network
    /// namespace must reach the others on an address it has a route to).
    /// </summary>
    public string ClusterIp { get; init; } = "127.0.0.1";

    /// <summary>Where a payment node runs when not as a plain process on <see cref="ClusterIp"/>: null for that node
    /// means the default. The placement's environment wins over every other setting.</summary>
    public Func<string, NodePlacement?>? Placement { get; init; }

    public NodeProcess? Lighthouse { get; private set; }

    /// <summary>The Lighthouse's management endpoint, where the cluster's membership is read.</summary>
    public Uri? LighthouseUrl { get; private set; }

    public Dictionary<string, NodeProcess> Nodes { get; } = new();

    public async Task Start(int nodes)
    {
        await StartInfrastructure();
        await StartNodes(nodes);
    }

    /// <summary>The embedded Kafka and the Lighthouse, without payment nodes (<see cref="StartNodes"/>): for a spec that
    /// must prepare something that needs the Kafka's ports before a node starts.</summary>
    public async Task StartInfrastructure()
    {
        _kafka = Track(NodeProcess.Start("kafka", new Dictionary<string, string>(), _output, "kafka", "--data-dir", _root));
        BootstrapServers = await _kafka.WaitForFile(Path.Combine(_root, "kafka.bootstrap"), Startup);

        Lighthouse = Track(NodeProcess.StartAssembly("Lighthouse.dll", "lighthouse", new Dictionary<string, string>
        {
            ["CLUSTER_IP"] = ClusterIp,
            ["CLUSTER_PORT"] = _lighthousePort.ToString(),
            ["Management__Url"] = "http://127.0.0.1:0",
            [ClusterBootstrap.StableAfterKey.Replace(":", "__")] = "00:00:02",
            [ClusterBootstrap.AcceptableHeartbeatPauseKey.Replace(":", "__")] = HeartbeatPause,
        }, _output));
        LighthouseUrl = await Lighthouse.WaitUntilReady(Startup);
    }

    /// <summary>Payment nodes node-1 .. node-<paramref name="nodes"/>, each ready before this returns.</summary>
    public async Task StartNodes(int nodes)
    {
        // The first node creates the journal's tables; the others start once it has.
        await StartNode("node-1");
        await Task.WhenAll(Enumerable.Range(2, nodes - 1).Select(i => StartNode($"node-{i}")));
    }

    /// <summary>The embedded Kafka's data directory: its <c>kafka.bootstrap</c> and <c>kafka.control</c> (fault injection).</summary>
    public string KafkaDataDir => _root;

    /// <summary>A payment node's data directory (<c>Payments__DataDir</c>), where it writes its management token.</summary>
    public string DataDirOf(string name) => Path.Combine(_root, name);

    public async Task StartNode(string name)
    {
        var environment = new Dictionary<string, string>
        {
            ["CLUSTER_IP"] = ClusterIp,
            ["CLUSTER_PORT"] = "0",
            ["Management__Url"] = "http://127.0.0.1:0",
            ["CLUSTER_SEEDS"] = ClusterBootstrap.Address(ClusterIp, _lighthousePort),
            [ClusterBootstrap.StableAfterKey.Replace(":", "__")] = "00:00:02",
            [ClusterBootstrap.AcceptableHeartbeatPauseKey.Replace(":", "__")] = HeartbeatPause,
            ["Kafka__BootstrapServers"] = BootstrapServers,
            ["Kafka__Consumer__session.timeout.ms"] = "6000",
            ["Kafka__Consumer__heartbeat.interval.ms"] = "500",
            ["Kafka__Consumer__fetch.wait.max.ms"] = "10", // the mock broker answers fetches only when this expires
            ["Journal__Provider"] = "PostgreSQL",
            ["Journal__ConnectionString"] = _journal,
            ["Payments__DataDir"] = DataDirOf(name),
            ["Payments__Stream__AskTimeout"] = "00:00:03",
        };
        foreach (var (key, value) in _nodeEnvironment) environment[key] = value;
        var placement = Placement?.Invoke(name);
        foreach (var (key, value) in placement?.Environment ?? new Dictionary<string, string>()) environment[key] = value;
        var node = Track(NodeProcess.StartWrapped(placement?.CommandPrefix ?? [], "Cluster.Node.dll", name, environment, _output));
        Nodes[name] = node;
        await node.WaitUntilReady(Startup); // Up in the cluster, journal answering, payment stream running
    }

    /// <summary>The cluster address of a node, as its management endpoint names it.</summary>
    public static async Task<string> AddressOf(NodeProcess node)
    {
        using var http = new HttpClient { BaseAddress = node.AnnouncedManagementUrl() };
        return (await http.GetFromJsonAsync<JsonElement>("/cluster/members")).GetProperty("self").GetString()!;
    }

    /// <summary>
    /// A node's management answer to <c>GET <paramref name="path"/></c>, read with the management contracts' own JSON
    /// (read-only routes need no token). Throws on any status but 2xx, so that <see cref="Eventually"/> retries a 503.
    /// </summary>
    public static async Task<T> Get<T>(NodeProcess node, string path, JsonTypeInfo<T> type)
    {
        using var http = new HttpClient { BaseAddress = node.AnnouncedManagementUrl(), Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetFromJsonAsync(path, type) ?? throw new InvalidOperationException($"GET {path} answered null");
    }

    /// <summary>Waits until the Lighthouse no longer lists <paramref name="address"/> among the members (downed and removed).</summary>
    public async Task AwaitRemoved(string address, TimeSpan within)
    {
        using var http = new HttpClient { BaseAddress = LighthouseUrl, Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.Until(
            async () => string.Join("; ", (await http.GetFromJsonAsync<JsonElement>("/cluster/members")).GetProperty("members")
                .EnumerateArray().Select(m => $"{m.GetProperty("address").GetString()} {m.GetProperty("status").GetString()}")),
            members => !members.Split("; ").Any(m => m.StartsWith(address + " ", StringComparison.Ordinal)),
            within, $"the Lighthouse to remove {address} from the members");
    }

    private NodeProcess Track(NodeProcess process)
    {
        lock (_all) _all.Add(process);
        return process;
    }

    /// <summary>Produces the scenario at a steady rate (open loop), as an outside producer would.</summary>
    public Task ProduceAtRate(IReadOnlyList<ScenarioRecord> records, int perSecond, CancellationToken cancel) => Task.Run(async () =>
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = BootstrapServers,
            EnableIdempotence = true,
            LingerMs = 5,
        }).Build();
        var clock = Stopwatch.StartNew();
        const int batch = 50;
        for (var i = 0; i < records.Count; i += batch)
        {
            foreach (var record in records.Skip(i).Take(batch)) producer.Produce(Topics.Requested, record.Message);
            var due = TimeSpan.FromSeconds((i + batch) / (double)perSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due, cancel); // pacing the load, not waiting for a result
        }
        producer.Flush(TimeSpan.FromSeconds(60));
    }, cancel);

    /// <summary>Consumer lag of the node group: log end minus committed offset, summed over partitions.</summary>
    public long Lag()
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = GroupId,
            EnableAutoCommit = false,
        }).Build();
        var partitions = Enumerable.Range(0, Partitions).Select(p => new TopicPartition(Topics.Requested, p)).ToList();
        var committed = consumer.Committed(partitions, TimeSpan.FromSeconds(10)).ToDictionary(c => c.Partition.Value, c => c.Offset.Value);
        return partitions.Sum(tp =>
        {
            var high = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value;
            var done = committed.GetValueOrDefault(tp.Partition.Value, Offset.Unset.Value);
            return high - Math.Max(done, 0);
        });
    }

    public Task AwaitNoLag(TimeSpan within) =>
        Eventually.Until(Lag, lag => lag == 0, within, $"the consumer lag of {GroupId} to reach 0");

    /// <summary>
    /// Stops every live process with SIGTERM, as an orchestrator would: the payment nodes first, then the Lighthouse
    /// and the Kafka; returns each one's exit code (a fault spec requires 0 from all).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int>> TerminateAll()
    {
        var codes = new Dictionary<string, int>();
        foreach (var (name, node) in Nodes.Where(n => !n.Value.HasExited).ToList())
            codes[name] = await node.Terminate(TimeSpan.FromSeconds(60));
        if (Lighthouse is { HasExited: false }) codes["lighthouse"] = await Lighthouse.Terminate(TimeSpan.FromSeconds(30));
        if (_kafka is { HasExited: false }) codes["kafka"] = await _kafka.Terminate(TimeSpan.FromSeconds(30));
        return codes;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes.Values.Where(n => !n.HasExited))
            try { await node.Terminate(TimeSpan.FromSeconds(30)); } catch (OperationCanceledException) { }
        if (Lighthouse is { HasExited: false }) try { await Lighthouse.Terminate(TimeSpan.FromSeconds(20)); } catch (OperationCanceledException) { }
        if (_kafka is { HasExited: false }) try { await _kafka.Terminate(TimeSpan.FromSeconds(20)); } catch (OperationCanceledException) { }
        lock (_all) foreach (var process in _all) process.Dispose();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// Where a payment node of a <see cref="ProcessCluster"/> runs: the command that runs <c>dotnet</c> (such as
/// <c>ip netns exec NS</c>; empty for none) and settings that win over the cluster's own (such as its own
/// <c>CLUSTER_IP</c> and <c>Management__Url</c>).
/// </summary>
public sealed record NodePlacement(IReadOnlyList<string> CommandPrefix, IReadOnlyDictionary<string, string> Environment);
