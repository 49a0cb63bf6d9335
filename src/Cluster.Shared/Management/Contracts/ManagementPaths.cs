namespace Akka.Payments.Shared.Management.Contracts;

/// <summary>The routes of the management endpoint, one constant per route, as mapped by the server and called by payctl.</summary>
public static class ManagementPaths
{
    public const string Healthz = "/healthz";
    public const string Ready = "/ready";
    public const string Metrics = "/metrics";

    public const string Cluster = "/cluster";
    public const string ClusterMembers = Cluster + "/members";
    public const string ClusterLeader = Cluster + "/leader";
    public const string ClusterUnreachable = Cluster + "/unreachable";
    public const string ClusterTail = Cluster + "/tail";
    public const string ClusterLeave = Cluster + "/leave";
    public const string ClusterDown = Cluster + "/down";
    public const string ClusterDownUnreachable = Cluster + "/down-unreachable";
    public const string ClusterJoin = Cluster + "/join";

    public const string Sharding = "/cluster-sharding";
    public const string ShardingRegions = Sharding + "/regions";
    public const string ShardingRegionStats = Sharding + "/region-stats";
    public const string ShardingShardStats = Sharding + "/shard-stats";

    /// <summary>The route template; <see cref="PaymentsAccountOf"/> fills it in.</summary>
    public const string PaymentsAccount = "/payments/accounts/{id}";
    public const string PaymentsLag = "/payments/lag";

    public const string KafkaInfo = "/kafka/info";

    public const string Trust = "/trust";
    public const string TrustWindows = Trust + "/windows";
    public const string TrustCurrent = Trust + "/current";
    public const string TrustTotals = Trust + "/totals";

    public const string Ops = "/ops";
    public const string OpsDeadLetters = Ops + "/deadletters";
    public const string OpsDeadLettersNode = OpsDeadLetters + "/node";
    public const string OpsHealth = Ops + "/health";

    public const string OpsAudit = "/ops/audit";
    public const string OpsDlq = "/ops/dlq";
    public const string OpsDlqStats = OpsDlq + "/stats";
    public const string OpsDlqReplays = OpsDlq + "/replays";
    public const string OpsDlqReplay = OpsDlq + "/replay";
    public const string OpsDlqPurge = OpsDlq + "/purge";

    /// <summary>The route template; <see cref="OpsDlqOf"/> fills it in.</summary>
    public const string OpsDlqEntry = OpsDlq + "/entries/{id}";

    public const string Control = "/control";
    public const string ControlRules = Control + "/rules";
    public const string ControlRulesHistory = ControlRules + "/history";
    public const string ControlRulesNode = ControlRules + "/node";
    public const string ControlStatus = Control + "/status";
    public const string ControlScale = Control + "/scale";
    public const string ControlAutoscale = Control + "/autoscale";

    public const string ReasonParameter = "reason";
    public const string KeyParameter = "key";
    public const string StatusParameter = "status";
    public const string LimitParameter = "limit";

    public static string OpsDlqOf(string id) => $"{OpsDlq}/entries/{Uri.EscapeDataString(id)}";

    /// <summary>The query parameter of <see cref="TrustWindows"/>: how many windows, newest first.</summary>
    public const string LastParameter = "last";

    /// <summary>The query parameter of <see cref="TrustTotals"/>: an RFC 3339 time.</summary>
    public const string SinceParameter = "since";

    /// <summary>The query parameter naming a shard region.</summary>
    public const string RegionParameter = "region";

    public static string PaymentsAccountOf(string accountId) => $"/payments/accounts/{Uri.EscapeDataString(accountId)}";

    public static string TrustWindowsOf(int last) => $"{TrustWindows}?{LastParameter}={last}";

    public static string TrustTotalsSince(DateTimeOffset since) =>
        $"{TrustTotals}?{SinceParameter}={Uri.EscapeDataString(since.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}";

    public static string RegionStatsOf(string region) => $"{ShardingRegionStats}?{RegionParameter}={Uri.EscapeDataString(region)}";

    public static string ShardStatsOf(string region) => $"{ShardingShardStats}?{RegionParameter}={Uri.EscapeDataString(region)}";
}
