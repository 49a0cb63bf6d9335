using System.Diagnostics;
using System.Net;
using Akka.Payments.Node.Kafka.Embedded;
using Confluent.Kafka;

namespace Akka.Payments.Node.Tests.Kafka;

/// <summary>
/// The embedded Kafka's fault injection (librdkafka's mock cluster) and its control routes. Each spec has a mock
/// cluster of its own: its faults would disturb the shared one's other specs.
/// </summary>
public sealed class EmbeddedKafkaFaultSpec : IDisposable
{
    private readonly EmbeddedKafka _kafka = EmbeddedKafka.Start(brokers: 3);
    private readonly List<string> _log = new();
    private readonly EmbeddedKafkaControl _control;

    public EmbeddedKafkaFaultSpec()
    {
        _kafka.CreateTopic("faults", partitions: 2);
        _control = new EmbeddedKafkaControl(_kafka, _log.Add);
    }

    [Fact]
    public void A_moved_partition_leader_is_the_leader_the_metadata_reports()
    {
        _kafka.SetPartitionLeader("faults", 0, 2);
        Assert.Equal(2, Leader(0));
        _kafka.SetPartitionLeader("faults", 0, 3);
        Assert.Equal(3, Leader(0));
    }

    [Fact]
    public async Task Pushed_request_errors_fail_the_next_requests_of_that_api_in_turn_and_then_requests_succeed_again()
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            MessageSendMaxRetries = 0, // so that an injected retriable error reaches the caller
        }).Build();
        await producer.ProduceAsync("faults", new Message<string, string> { Key = "k", Value = "warm-up" });
        _kafka.StartRequestTracking();

        _kafka.PushRequestErrors(0, [19]); // Produce: NOT_ENOUGH_REPLICAS
        var error = await Assert.ThrowsAsync<ProduceException<string, string>>(() =>
            producer.ProduceAsync("faults", new Message<string, string> { Key = "k", Value = "refused" }));
        Assert.Equal(ErrorCode.NotEnoughReplicas, error.Error.Code);
        var delivered = await producer.ProduceAsync("faults", new Message<string, string> { Key = "k", Value = "accepted" });

        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        Assert.True(_kafka.TrackedRequests().GetValueOrDefault((short)0) >= 2, "the mock did not track the two Produce requests");
        _kafka.StopRequestTracking();
        Assert.Empty(_kafka.TrackedRequests());
    }

    [Fact]
    public async Task A_broker_rtt_delays_its_responses_until_it_is_set_back_to_zero()
    {
        _kafka.SetPartitionLeader("faults", 1, 1);
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers }).Build();
        var message = new Message<string, string> { Key = "k", Value = "v" };
        await producer.ProduceAsync(new TopicPartition("faults", 1), message);

        _kafka.SetBrokerRtt(1, 1_500);
        var clock = Stopwatch.StartNew();
        await producer.ProduceAsync(new TopicPartition("faults", 1), message);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(1_400), $"a produce took {clock.ElapsedMilliseconds} ms with a 1,500 ms rtt");

        _kafka.SetBrokerRtt(1, 0);
        await producer.ProduceAsync(new TopicPartition("faults", 1), message); // the first may still wait out the rtt
        clock.Restart();
        await producer.ProduceAsync(new TopicPartition("faults", 1), message);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(1_400), $"a produce took {clock.ElapsedMilliseconds} ms after the rtt was set back to 0");
    }

    [Fact]
    public void Control_routes_apply_a_fault_and_log_it_on_one_line()
    {
        var moved = _control.Handle("POST", "/partitions/faults/1/leader", Query(("broker", "3")));
        var errors = _control.Handle("POST", "/errors/OffsetCommit", Query(("errors", "COORDINATOR_NOT_AVAILABLE,16")));
        var down = _control.Handle("POST", "/brokers/2/down", Query());
        var up = _control.Handle("POST", "/brokers/2/up", Query());

        Assert.All(new[] { moved, errors, down, up }, r => Assert.Equal(200, r.Status));
        Assert.Equal(3, Leader(1));
        Assert.Equal(
            ["Embedded Kafka fault: leader of faults/1 moved to broker 3",
             "Embedded Kafka fault: next 2 OffsetCommit request(s) fail with COORDINATOR_NOT_AVAILABLE, 16",
             "Embedded Kafka fault: broker 2 down",
             "Embedded Kafka fault: broker 2 up"], _log);
    }

    [Theory]
    [InlineData("POST", "/brokers/4/down", "", "brokers 1 to 3")]
    [InlineData("POST", "/brokers/x/rtt", "ms=5", "broker must be a non-negative number")]
    [InlineData("POST", "/brokers/1/rtt", "", "missing query parameter 'ms'")]
    [InlineData("POST", "/partitions/faults/0/leader", "broker=7", "brokers 1 to 3")]
    [InlineData("POST", "/errors/Produce", "errors=NO_SUCH_ERROR", "unknown error 'NO_SUCH_ERROR'")]
    [InlineData("POST", "/errors/Gossip", "errors=REQUEST_TIMED_OUT", "unknown api 'Gossip'")]
    [InlineData("POST", "/coordinators/cluster/g", "broker=1", "'group' or 'transaction'")]
    public void A_bad_control_request_is_refused_with_400_and_the_reason_and_changes_nothing(string method, string path, string query, string reason)
    {
        var response = _control.Handle(method, path, Query(query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(kv => kv.Split('=')).Select(kv => (kv[0], kv[1])).ToArray()));

        Assert.Equal(400, response.Status);
        Assert.Contains(reason, response.Body, StringComparison.Ordinal);
        Assert.Empty(_log);
    }

    [Fact]
    public async Task The_control_server_answers_on_loopback_and_an_unknown_route_with_404()
    {
        await using var server = await EmbeddedKafkaControlServer.Start(_control);
        using var http = new HttpClient { BaseAddress = server.Url };

        using var rtt = await http.PostAsync("/brokers/1/rtt?ms=0", content: null);
        using var unknown = await http.PostAsync("/brokers/1/reboot", content: null);
        using var bad = await http.PostAsync("/brokers/0/down", content: null);

        Assert.Equal("127.0.0.1", server.Url.Host);
        Assert.Equal(HttpStatusCode.OK, rtt.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("brokers 1 to 3", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private int Leader(int partition)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _kafka.BootstrapServers }).Build();
        return admin.GetMetadata("faults", TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Single(p => p.PartitionId == partition).Leader;
    }

    private static Dictionary<string, string> Query(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);

    public void Dispose() => _kafka.Dispose();
}
