namespace Akka.Payments.Node.Control.Rules;

/// <summary>How the live rules reach every node and how the rules singleton keeps its journal (<c>Payments:Control:*</c>).</summary>
public sealed record RulesPlaneSettings
{
    public static RulesPlaneSettings Default { get; } = new();

    /// <summary>How often every node asks the rules singleton for the current rules (<c>Payments:Control:RulesPullEvery</c>,
    /// env <c>Payments__Control__RulesPullEvery</c>), besides hearing each change when it is made: a node that missed a
    /// change (partitioned, just started, the singleton moving) has it within this interval.</summary>
    public TimeSpan RulesPullEvery { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Changes between two snapshots of the rules singleton (<c>Payments:Control:RulesSnapshotEvery</c>).</summary>
    public int RulesSnapshotEvery { get; init; } = 20;

    /// <summary>How long to wait before publishing <c>payments.rules.updated.v1</c> again after Kafka refused it.</summary>
    public TimeSpan PublishRetry { get; init; } = TimeSpan.FromSeconds(5);
}
