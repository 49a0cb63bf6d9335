using System.Globalization;
using Akka.Payments.Shared.Cluster;
using Microsoft.Extensions.Configuration;

namespace Akka.Payments.Lighthouse;

/// <summary>
/// Lighthouse settings, with petabridge/lighthouse's environment variables: <c>ACTORSYSTEM</c> (default
/// <c>payments</c>), <c>CLUSTER_IP</c> (default 127.0.0.1), <c>CLUSTER_PORT</c> (default 4053) and
/// <c>CLUSTER_SEEDS</c> (comma-separated <c>akka.tcp://payments@host:port</c>; empty: seed itself).
/// <c>Cluster__SplitBrainResolver__StableAfter</c> (default 00:00:20) must match the nodes';
/// <c>Cluster__FailureDetector__AcceptableHeartbeatPause</c> (default 00:00:03) should.
/// </summary>
public sealed record LighthouseSettings(
    string ActorSystem, string Hostname, int Port, IReadOnlyList<string> Seeds, TimeSpan StableAfter, TimeSpan AcceptableHeartbeatPause)
{
    public string SelfAddress => ClusterBootstrap.Address(Hostname, Port, ActorSystem);

    public static LighthouseSettings From(IConfiguration config)
    {
        var portText = config["CLUSTER_PORT"];
        var port = ClusterBootstrap.DefaultLighthousePort;
        if (!string.IsNullOrWhiteSpace(portText) && (!int.TryParse(portText, out port) || port is < 1 or > 65535))
            throw new ArgumentException($"Invalid configuration: CLUSTER_PORT='{portText}' (expected a port from 1 to 65535: seeds need a fixed one)");
        var seeds = (config["CLUSTER_SEEDS"] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new LighthouseSettings(
            string.IsNullOrWhiteSpace(config["ACTORSYSTEM"]) ? ClusterBootstrap.DefaultSystemName : config["ACTORSYSTEM"]!.Trim(),
            string.IsNullOrWhiteSpace(config["CLUSTER_IP"]) ? "127.0.0.1" : config["CLUSTER_IP"]!.Trim(),
            port,
            seeds,
            Duration(config, ClusterBootstrap.StableAfterKey, ClusterBootstrap.DefaultStableAfter, "00:00:20"),
            Duration(config, ClusterBootstrap.AcceptableHeartbeatPauseKey, ClusterBootstrap.DefaultAcceptableHeartbeatPause, "00:00:03"));
    }

    private static TimeSpan Duration(IConfiguration config, string key, TimeSpan fallback, string example)
    {
        var text = config[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) || value <= TimeSpan.Zero)
            throw new ArgumentException($"Invalid configuration: {key}='{text}' (expected a positive duration such as {example})");
        return value;
    }
}
