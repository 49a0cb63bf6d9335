using Akka.Payments.IntegrationTests.Infrastructure;
using Akka.Payments.IntegrationTests.Processes;
using Xunit.Abstractions;

namespace Akka.Payments.IntegrationTests.Faults;

/// <summary>
/// The cluster a collection of fault specs shares (<see cref="InfrastructureFaultCollection"/>, <see cref="NodeFaultCollection"/>): the embedded Kafka, a Lighthouse and two payment
/// nodes on a PostgreSQL server of its own (so that a spec may stop it without touching any other spec's database).
/// Starting one costs ~20 s, so every fault spec runs on it with a load of its own accounts, and a spec that took a
/// node down leaves it to <see cref="Begin"/> to start it again. At the end every live process is stopped with
/// SIGTERM and must exit 0.
/// </summary>
public sealed class FaultCluster : IAsyncLifetime
{
    private readonly SwitchableOutput _output = new();
    private LocalPostgreSql? _postgres;
    private ProcessCluster? _cluster;

    /// <summary>Null when the cluster is running; otherwise why the specs that need it skip.</summary>
    public string? SkipReason { get; private set; }

    public ProcessCluster Cluster => _cluster ?? throw new InvalidOperationException(SkipReason ?? "the fault cluster did not start");

    internal LocalPostgreSql Postgres => _postgres ?? throw new InvalidOperationException(SkipReason ?? "no PostgreSQL");

    /// <summary>Points the processes' output at the running spec, restarts any node a previous spec took down (so
    /// every spec begins with two ready nodes), and skips with the reason when there is no cluster.</summary>
    public async Task<ProcessCluster> Begin(ITestOutputHelper output)
    {
        Skip.If(SkipReason is not null, SkipReason);
        _output.SwitchTo(output);
        foreach (var name in Cluster.Nodes.Where(n => n.Value.HasExited).Select(n => n.Key).ToList())
        {
            output.WriteLine($"{name} had exited ({Cluster.Nodes[name].Lines.LastOrDefault()}): starting it again");
            await Cluster.StartNode(name);
        }
        return Cluster;
    }

    public async Task InitializeAsync()
    {
        var bin = LocalPostgreSql.FindBinaries();
        if (bin is null)
        {
            SkipReason = "no PostgreSQL binaries (initdb, pg_ctl) for a server of the fault specs' own: apt-get install postgresql";
            return;
        }
        _postgres = LocalPostgreSql.Start(bin);
        // One produce request in flight per broker connection: the embedded (mock) broker does not refuse an idempotent
        // producer's batch that arrives after a gap in its sequence, and takes the retry of the batch before the gap for
        // a duplicate; under injected produce errors it then acknowledged records it never stored (input and outcomes
        // alike, found by the request-errors spec). A real broker refuses the out-of-order batch instead.
        _cluster = new ProcessCluster(_postgres.ConnectionString, _output, new Dictionary<string, string>
        {
            ["Kafka__Producer__max.in.flight.requests.per.connection"] = "1",
        });
        await _cluster.Start(nodes: 2);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_cluster is not null)
            {
                var codes = await _cluster.TerminateAll();
                var unclean = codes.Where(c => c.Value != 0).Select(c => $"{c.Key} exited with {c.Value}").ToList();
                if (unclean.Count > 0) throw new InvalidOperationException($"after SIGTERM: {string.Join(", ", unclean)}");
            }
        }
        finally
        {
            if (_cluster is not null) await _cluster.DisposeAsync();
            _postgres?.Dispose();
        }
    }
}
