namespace Akka.Payments.Node.Control.Scaling;

/// <summary>What the <c>process</c> actuator starts a node with instead of this process's arguments: registered by the
/// demo, whose own arguments (<c>demo --autoscale …</c>) are not a node's.</summary>
public sealed record NodeLaunchArguments(IReadOnlyList<string> Arguments);
