using System.Net;
using Akka.Payments.IntegrationTests.Faults.Kafka;
using Akka.Payments.IntegrationTests.Processes;
using Akka.Payments.Shared;
using Akka.Payments.Testing;

namespace Akka.Payments.IntegrationTests.Faults.Chaos;

/// <summary>
/// The faults a chaos run can draw, each an injection and a heal on the fault cluster's real processes, the same
/// faults the fault specs prove one by one:
/// <list type="bullet">
/// <item><c>kill</c>: kill -9 a node; healed by starting it again.</item>
/// <item><c>restart</c>: SIGTERM a node (it must drain and exit 0); healed by starting it again.</item>
/// <item><c>pause</c>: SIGSTOP a node; healed by SIGCONT. Held past the failure detector, the node is downed, exits
/// by itself, and is started again.</item>
/// <item><c>db-stop</c>: PostgreSQL stopped; healed by starting it.</item>
/// <item><c>broker-down</c>: one Kafka broker down; healed by bringing it up.</item>
/// <item><c>latency</c>: every broker answers 300 ms late; healed by removing the delay.</item>
/// <item><c>leaders</c>: every partition of the input and output topics gets a random new leader, twice.</item>
/// <item><c>request-errors</c>: retriable errors pushed on Produce, Fetch and OffsetCommit.</item>
/// </list>
/// </summary>
public sealed class ChaosFaults(ProcessCluster cluster, FaultCluster fixture, int seed) : IDisposable
{
    private static readonly string[] Nodes = ["node-1", "node-2"];
    private static readonly string[] Brokers = ["1", "2", "3"];
    private static readonly string[] Everything = ["cluster"];
    private readonly KafkaFaults _kafka = KafkaFaults.Of(cluster);
    private readonly Random _random = new(seed);

    public IReadOnlyList<FaultKind> Kinds { get; } =
    [
        new("kill", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), Nodes),
        new("restart", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), Nodes),
        new("pause", TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(15), Nodes),
        new("db-stop", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), Everything),
        new("broker-down", TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(12), Brokers),
        new("latency", TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10), Everything),
        new("leaders", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), Everything),
        new("request-errors", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), Everything),
    ];

    public async Task Inject(ScheduledFault fault)
    {
        switch (fault.Kind)
        {
            case "kill":
                await cluster.Nodes[fault.Target].Kill();
                break;
            case "restart":
                var code = await cluster.Nodes[fault.Target].Terminate(TimeSpan.FromSeconds(60));
                Assert.True(code == 0, $"{fault.Target} exited with {code} after SIGTERM");
                break;
            case "pause":
                cluster.Nodes[fault.Target].Pause();
                break;
            case "db-stop":
                fixture.Postgres.Stop();
                break;
            case "broker-down":
                await _kafka.BrokerDown(Broker(fault.Target));
                break;
            case "latency":
                foreach (var broker in Brokers) await _kafka.SetRtt(Broker(broker), 300);
                break;
            case "leaders":
                await MoveLeaders();
                break;
            case "request-errors":
                await _kafka.PushErrors("Produce", "NOT_LEADER_OR_FOLLOWER", "REQUEST_TIMED_OUT");
                await _kafka.PushErrors("Fetch", "NOT_LEADER_OR_FOLLOWER", "LEADER_NOT_AVAILABLE");
                await _kafka.PushErrors("OffsetCommit", "COORDINATOR_NOT_AVAILABLE", "REQUEST_TIMED_OUT");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault.Kind, "no such fault");
        }
    }

    public async Task Heal(ScheduledFault fault)
    {
        switch (fault.Kind)
        {
            case "kill" or "restart":
                await cluster.StartNode(fault.Target);
                break;
            case "pause":
                var node = cluster.Nodes[fault.Target];
                node.Resume();
                // Thawed, it is either still a member (ready again) or was downed meanwhile and shuts itself down.
                await Eventually.Until(async () => node.HasExited || (await NodeProbe.Ready(node)).Status == HttpStatusCode.OK,
                    done => done, TimeSpan.FromMinutes(2), $"{fault.Target} to be ready again or to exit once downed");
                if (node.HasExited) await cluster.StartNode(fault.Target);
                break;
            case "db-stop":
                fixture.Postgres.Start();
                break;
            case "broker-down":
                await _kafka.BrokerUp(Broker(fault.Target));
                break;
            case "latency":
                foreach (var broker in Brokers) await _kafka.SetRtt(Broker(broker), 0);
                break;
            case "leaders":
                await MoveLeaders();
                break;
        }
    }

    private static int Broker(string target) => int.Parse(target, System.Globalization.CultureInfo.InvariantCulture);

    private async Task MoveLeaders()
    {
        foreach (var topic in new[] { Topics.Requested, Topics.Processed })
        for (var partition = 0; partition < ProcessCluster.Partitions; partition++)
            await _kafka.MoveLeader(topic, partition, _random.Next(1, Brokers.Length + 1));
    }

    public void Dispose() => _kafka.Dispose();
}
