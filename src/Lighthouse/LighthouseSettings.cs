using Microsoft.Extensions.Configuration;

namespace Akka.Payments.Lighthouse;

/// <summary>
/// Lighthouse settings, with petabridge/lighthouse's environment variables: <c>ACTORSYSTEM</c> (default
/// <c>payments</c>), <c>CLUSTER_IP</c> (default 127.0.0.1), <c>CLUSTER_PORT</c> (default 4053) and
/// <c>CLUSTER_SEEDS</c> (comma-separated <c>akka.tcp://payments@host:port</c>; empty: seed itself).
/// </summary>
public sealed record LighthouseSettings(string ActorSystem, string Hostname, int Port, IReadOnlyList<string> Seeds)
{
    public static LighthouseSettings From(IConfiguration config)
    {
        var portText = config["CLUSTER_PORT"];
        var port = 4053;
        if (!string.IsNullOrWhiteSpace(portText) && (!int.TryParse(portText, out port) || port is < 0 or > 65535))
            throw new ArgumentException($"Invalid configuration: CLUSTER_PORT='{portText}' (expected a port from 0 to 65535)");
        var seeds = (config["CLUSTER_SEEDS"] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new LighthouseSettings(
            string.IsNullOrWhiteSpace(config["ACTORSYSTEM"]) ? "payments" : config["ACTORSYSTEM"]!,
            string.IsNullOrWhiteSpace(config["CLUSTER_IP"]) ? "127.0.0.1" : config["CLUSTER_IP"]!,
            port,
            seeds);
    }
}
