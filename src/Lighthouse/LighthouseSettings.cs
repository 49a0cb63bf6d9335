using System.Globalization;
using Akka.Payments.Shared.Cluster;
using Microsoft.Extensions.Configuration;

namespace Akka.Payments.Lighthouse;

/// <summary>
/// Lighthouse settings, with petabridge/lighthouse's environment variables: <c>ACTORSYSTEM</c> (default
/// <c>payments</c>), <c>CLUSTER_IP</c> (default 127.0.0.1), <c>CLUSTER_PORT</c> (default 4053) and
/// <c>CLUSTER_SEEDS</c> (comma-separated <c>akka.tcp://payments@host:port</c>; empty: seed itself).
/// <c>Cluster__SplitBrainResolver__StableAfter</c> (default 00:00:20) must match the nodes'.
/// </summary>
public sealed record LighthouseSettings(string ActorSystem, string Hostname, int Port, IReadOnlyList<string> Seeds, TimeSpan StableAfter)
{
    public string SelfAddress => ClusterBootstrap.Address(Hostname, Port, ActorSystem);

    public static LighthouseSettings From(IConfiguration config)
    {
        var portText = config["CLUSTER_PORT"];
        var port = ClusterBootstrap.DefaultLighthousePort;
        if (!string.IsNullOrWhiteSpace(portText) && (!int.TryParse(portText, out port) || port is < 1 or > 65535))
            throw new ArgumentException($"Invalid configuration: CLUSTER_PORT='{portText}' (expected a port from 1 to 65535: seeds need a fixed one)");
        var stableText = config[ClusterBootstrap.StableAfterKey];
        var stableAfter = ClusterBootstrap.DefaultStableAfter;
        if (!string.IsNullOrWhiteSpace(stableText) &&
            (!TimeSpan.TryParse(stableText, CultureInfo.InvariantCulture, out stableAfter) || stableAfter <= TimeSpan.Zero))
            throw new ArgumentException($"Invalid configuration: {ClusterBootstrap.StableAfterKey}='{stableText}' (expected a positive duration such as 00:00:20)");
        var seeds = (config["CLUSTER_SEEDS"] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new LighthouseSettings(
            string.IsNullOrWhiteSpace(config["ACTORSYSTEM"]) ? ClusterBootstrap.DefaultSystemName : config["ACTORSYSTEM"]!.Trim(),
            string.IsNullOrWhiteSpace(config["CLUSTER_IP"]) ? "127.0.0.1" : config["CLUSTER_IP"]!.Trim(),
            port,
            seeds,
            stableAfter);
    }
}
