using System.Globalization;
using Akka.Payments.IntegrationTests.Processes;
using Confluent.Kafka;

namespace Akka.Payments.IntegrationTests.Faults.Kafka;

/// <summary>
/// Injects faults into the cluster's embedded Kafka process through its control endpoint (the URL it writes to
/// <c>kafka.control</c>; routes in <c>Cluster.Node kafka --help</c>), and reads the layout the faults act on
/// (partition leaders) from Kafka's metadata.
/// </summary>
public sealed class KafkaFaults : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _bootstrap;

    private KafkaFaults(Uri control, string bootstrap)
    {
        _http = new HttpClient { BaseAddress = control, Timeout = TimeSpan.FromSeconds(10) };
        _bootstrap = bootstrap;
    }

    public static KafkaFaults Of(ProcessCluster cluster)
    {
        var file = Path.Combine(cluster.KafkaDataDir, "kafka.control");
        return new KafkaFaults(new Uri(File.ReadAllText(file).Trim()), cluster.BootstrapServers);
    }

    public Task BrokerDown(int broker) => Post($"/brokers/{broker}/down");

    public Task BrokerUp(int broker) => Post($"/brokers/{broker}/up");

    public Task SetRtt(int broker, int milliseconds) => Post($"/brokers/{broker}/rtt?ms={milliseconds}");

    public Task MoveLeader(string topic, int partition, int broker) => Post($"/partitions/{Uri.EscapeDataString(topic)}/{partition}/leader?broker={broker}");

    public Task SetGroupCoordinator(string group, int broker) => Post($"/coordinators/group/{Uri.EscapeDataString(group)}?broker={broker}");

    /// <summary>The next requests of <paramref name="api"/> (Produce, Fetch, OffsetCommit, ...) fail with these errors, in turn.</summary>
    public Task PushErrors(string api, params string[] errors) => Post($"/errors/{api}?errors={string.Join(',', errors)}");

    public Task StartTracking() => Send(HttpMethod.Post, "/requests/tracking");

    public Task StopTracking() => Send(HttpMethod.Delete, "/requests/tracking");

    /// <summary>Requests the mock received since <see cref="StartTracking"/>, by api name.</summary>
    public async Task<IReadOnlyDictionary<string, int>> Requests()
    {
        var text = await _http.GetStringAsync("/requests");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(cols => cols[0], cols => int.Parse(cols[1], CultureInfo.InvariantCulture));
    }

    /// <summary>Each partition's leader (broker id) as Kafka's metadata reports it.</summary>
    public IReadOnlyDictionary<int, int> Leaders(string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _bootstrap }).Build();
        return admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.ToDictionary(p => p.PartitionId, p => p.Leader);
    }

    /// <summary>The broker's host:port as Kafka's metadata names it (librdkafka's logs call it <c>host:port/id</c>).</summary>
    public string BrokerAddress(int broker)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _bootstrap }).Build();
        var found = admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers.Single(b => b.BrokerId == broker);
        return $"{found.Host}:{found.Port}";
    }

    private Task Post(string path) => Send(HttpMethod.Post, path);

    private async Task Send(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path} on the embedded Kafka's control: {(int)response.StatusCode} {body.Trim()}");
    }

    public void Dispose() => _http.Dispose();
}
