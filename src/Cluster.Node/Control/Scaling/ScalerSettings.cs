using System.Globalization;
using Akka.Payments.Node.Configuration;

namespace Akka.Payments.Node.Control.Scaling;

/// <summary>
/// The autoscaling half of the control plane (<c>Payments:Control:*</c>): the policy's settings, how often nodes report
/// and the scaler samples, and which actuator makes its decisions happen.
/// </summary>
public sealed record ScalerSettings
{
    public const string Prefix = "Payments:Control:";

    /// <summary>The actuators <see cref="Actuator"/> may name.</summary>
    public static readonly IReadOnlyList<string> Actuators = [LogActuator.Name, ProcessActuator.Name, SwarmActuator.Name];

    public static ScalerSettings Default { get; } = new();

    public ScalePolicySettings Policy { get; init; } = ScalePolicySettings.Default;

    /// <summary>How often every payment node tells the scaler its figures (<c>ReportEvery</c>).</summary>
    public TimeSpan ReportEvery { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the scaler reads the lag and runs the policy (<c>SampleEvery</c>).</summary>
    public TimeSpan SampleEvery { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>log</c> (the default: decisions are logged and published, nothing starts or stops),
    /// <c>process</c> (local <c>Cluster.Node</c> processes) or <c>swarm</c> (the replicas of a Docker Swarm service)
    /// (<c>Actuator</c>).</summary>
    public string Actuator { get; init; } = LogActuator.Name;

    /// <summary>The Docker Engine API the <c>swarm</c> actuator talks to (<c>Swarm:Endpoint</c>): a swarm manager's
    /// socket, mounted into the node's container.</summary>
    public string SwarmEndpoint { get; init; } = "unix:///var/run/docker.sock";

    /// <summary>The swarm service whose replicas are the payment nodes (<c>Swarm:Service</c>): the stack's name and
    /// <c>_node</c>.</summary>
    public string SwarmService { get; init; } = "payments_node";

    /// <summary>Whether the policy's decisions are acted on before an operator says otherwise (<c>Autoscale</c>);
    /// <c>payctl control autoscale on|off</c> is journaled and wins over it.</summary>
    public bool Autoscale { get; init; } = true;

    internal static ScalerSettings From(SettingsReader reader)
    {
        var d = ScalePolicySettings.Default;
        var policy = new ScalePolicySettings
        {
            MinNodes = reader.Int(Prefix + "MinNodes", d.MinNodes, min: 1, max: 1000),
            MaxNodes = reader.Int(Prefix + "MaxNodes", d.MaxNodes, min: 1, max: 1000),
            ScaleOutLagSeconds = Double(reader, "ScaleOutLagSeconds", d.ScaleOutLagSeconds),
            ScaleOutSamples = reader.Int(Prefix + "ScaleOutSamples", d.ScaleOutSamples, min: 1, max: 1000),
            ScaleInLagSeconds = Double(reader, "ScaleInLagSeconds", d.ScaleInLagSeconds),
            ScaleInSamples = reader.Int(Prefix + "ScaleInSamples", d.ScaleInSamples, min: 1, max: 1000),
            ScaleInUtilisation = Double(reader, "ScaleInUtilisation", d.ScaleInUtilisation),
            Cooldown = reader.Duration(Prefix + "Cooldown", d.Cooldown, zeroAllowed: true),
            StuckAfter = reader.Duration(Prefix + "StuckAfter", d.StuckAfter),
            SignalsMaxAge = reader.Duration(Prefix + "SignalsMaxAge", d.SignalsMaxAge),
        }.Validate();
        var actuator = reader.String(Prefix + "Actuator", Default.Actuator).ToLowerInvariant();
        if (!Actuators.Contains(actuator))
            throw new ConfigurationException(Prefix + "Actuator", actuator,
                $"one of {string.Join(", ", Actuators)}");
        var endpoint = reader.String(Prefix + "Swarm:Endpoint", Default.SwarmEndpoint);
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("unix" or "tcp" or "http" or "npipe"))
            throw new ConfigurationException(Prefix + "Swarm:Endpoint", endpoint, "a Docker Engine API address such as unix:///var/run/docker.sock or tcp://manager:2375");
        var autoscale = reader.String(Prefix + "Autoscale", "true").ToLowerInvariant() switch
        {
            "true" or "on" => true,
            "false" or "off" => false,
            var other => throw new ConfigurationException(Prefix + "Autoscale", other, "true or false"),
        };
        return new ScalerSettings
        {
            Policy = policy,
            ReportEvery = reader.Duration(Prefix + "ReportEvery", Default.ReportEvery),
            SampleEvery = reader.Duration(Prefix + "SampleEvery", Default.SampleEvery),
            Actuator = actuator,
            Autoscale = autoscale,
            SwarmEndpoint = endpoint,
            SwarmService = reader.String(Prefix + "Swarm:Service", Default.SwarmService),
        };
    }

    private static double Double(SettingsReader reader, string key, double fallback)
    {
        var raw = reader.OptionalString(Prefix + key);
        if (raw is null) return fallback;
        return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new ConfigurationException(Prefix + key, raw, "a number such as 2.5");
    }
}
