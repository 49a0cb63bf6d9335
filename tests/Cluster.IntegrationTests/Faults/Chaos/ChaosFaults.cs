using Akka.Payments.IntegrationTests.Processes;

namespace Akka.Payments.IntegrationTests.Faults.Chaos;

/// <summary>
/// The faults a chaos run can draw, each an injection and a heal on the fault cluster's real processes:
/// <list type="bullet">
/// <item><c>kill</c>: kill -9 a node; healed by starting it again.</item>
/// <item><c>restart</c>: SIGTERM a node (it must drain and exit 0); healed by starting it again.</item>
/// </list>
/// </summary>
public sealed class ChaosFaults(ProcessCluster cluster)
{
    private static readonly string[] Nodes = ["node-1", "node-2"];

    public IReadOnlyList<FaultKind> Kinds { get; } =
    [
        new("kill", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), Nodes),
        new("restart", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), Nodes),
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
        }
    }
}
