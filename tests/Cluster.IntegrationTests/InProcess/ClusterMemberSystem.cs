using Akka.Actor;
using Akka.Hosting;
using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Hosting;
using Akka.Payments.Node.Journal;
using Akka.Payments.Shared.Cluster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Akka.Payments.IntegrationTests.InProcess;

/// <summary>
/// One cluster member in this process, started through the node's own wiring (<see cref="AkkaWiring.AddPaymentsNode"/>):
/// the group-commit journal with its request index on the shared SQLite file, our serializer, the account shard
/// region and the Split Brain Resolver, on a random loopback port. Only timing is changed for the spec (SBR's
/// stable-after, the failure detector, handoff), and the default JSON serializer is replaced by
/// <see cref="WireGuardSerializer"/>: whatever crosses between members is proven to use a real serializer.
/// </summary>
public sealed class ClusterMemberSystem : IAsyncDisposable
{
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(1);

    private readonly IHost _host;

    private ClusterMemberSystem(IHost host, IActorRef region)
    {
        _host = host;
        System = host.Services.GetRequiredService<ActorSystem>();
        Region = region;
    }

    public ActorSystem System { get; }

    public IActorRef Region { get; }

    /// <summary>What this member's journal committed: proof that the spec runs the node's group-commit journal.</summary>
    public GroupCommitStats GroupCommits => _host.Services.GetRequiredService<GroupCommitStats>();

    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(System);

    public Address Address => Cluster.SelfAddress;

    /// <param name="seed">The member to join; none: this member seeds itself, as a node without seeds does.</param>
    /// <param name="abruptTermination">Terminate() without coordinated shutdown: the member vanishes like a crashed process.</param>
    public static async Task<ClusterMemberSystem> Start(string journalConnection, Address? seed, bool abruptTermination = false)
    {
        var settings = NodeSettings.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Journal:ConnectionString"] = journalConnection,
            ["CLUSTER_IP"] = "127.0.0.1",
            ["CLUSTER_PORT"] = "0",
            ["CLUSTER_SEEDS"] = seed?.ToString(),
            [ClusterBootstrap.StableAfterKey] = StableAfter.ToString(),
            ["Payments:Accounts:SnapshotEvery"] = "5",
        }).Build());
        var host = new HostBuilder()
            .ConfigureServices(services => services.AddPaymentsNode(settings, (akka, _) => akka
                .AddHocon(SpecTiming(abruptTermination), HoconAddMode.Prepend)
                .AddHocon(WireGuardSerializer.Hocon, HoconAddMode.Prepend)))
            .Build();
        await host.StartAsync();
        var region = await host.Services.GetRequiredService<IRequiredActor<AccountRegion>>().GetAsync();
        return new ClusterMemberSystem(host, region);
    }

    private static string SpecTiming(bool abrupt) => $"""
        akka.loglevel = WARNING
        # Two shared cores: a generous pause before a member counts as unreachable, then SBR acts after 1 s.
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 3s
        akka.cluster.sharding.handoff-timeout = 10s
        akka.coordinated-shutdown.run-by-actor-system-terminate = {(abrupt ? "off" : "on")}
        """;

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(InProcessCluster.Patience);
        _host.Dispose();
    }
}
