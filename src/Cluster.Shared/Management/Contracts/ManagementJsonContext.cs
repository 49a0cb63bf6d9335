using System.Text.Json;
using System.Text.Json.Serialization;

namespace Akka.Payments.Shared.Management.Contracts;

/// <summary>
/// Source-generated JSON of the management contracts, the same on both ends: camelCase names, nulls written,
/// dictionary keys as they are (currency codes). The routes answer with it and payctl reads with it.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = false)]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ReadinessResponse))]
[JsonSerializable(typeof(AddressRequest))]
[JsonSerializable(typeof(ClusterMembersResponse))]
[JsonSerializable(typeof(ClusterLeaderResponse))]
[JsonSerializable(typeof(UnreachableMembersResponse))]
[JsonSerializable(typeof(MemberCommandResponse))]
[JsonSerializable(typeof(DownUnreachableResponse))]
[JsonSerializable(typeof(JoinResponse))]
[JsonSerializable(typeof(ClusterTailEvent))]
[JsonSerializable(typeof(RegionsResponse))]
[JsonSerializable(typeof(RegionStatsResponse))]
[JsonSerializable(typeof(ShardStatsResponse))]
[JsonSerializable(typeof(AccountResponse))]
[JsonSerializable(typeof(LagResponse))]
[JsonSerializable(typeof(KafkaInfoResponse))]
[JsonSerializable(typeof(TrustWindowsResponse))]
[JsonSerializable(typeof(TrustCurrentResponse))]
[JsonSerializable(typeof(TrustTotalsResponse))]
[JsonSerializable(typeof(DeadLetterListResponse))]
[JsonSerializable(typeof(DeadLetterResponse))]
[JsonSerializable(typeof(DeadLetterStatsResponse))]
[JsonSerializable(typeof(ReplayRequest))]
[JsonSerializable(typeof(ReplayResponse))]
[JsonSerializable(typeof(PurgeRequest))]
[JsonSerializable(typeof(PurgeResponse))]
[JsonSerializable(typeof(ReplayJobsResponse))]
[JsonSerializable(typeof(AkkaDeadLetterReport))]
[JsonSerializable(typeof(AuditResponse))]
[JsonSerializable(typeof(ClusterDeadLetterReport))]
[JsonSerializable(typeof(ClusterHealthResponse))]
[JsonSerializable(typeof(RulesResponse))]
[JsonSerializable(typeof(RulesHistoryResponse))]
[JsonSerializable(typeof(NodeRulesResponse))]
[JsonSerializable(typeof(SetRuleRequest))]
[JsonSerializable(typeof(SetRuleResponse))]
[JsonSerializable(typeof(ScalerStatusResponse))]
[JsonSerializable(typeof(ScaleRequest))]
[JsonSerializable(typeof(ScaleResponse))]
[JsonSerializable(typeof(AutoscaleRequest))]
[JsonSerializable(typeof(AutoscaleResponse))]
[JsonSerializable(typeof(DateTimeOffset))]
public sealed partial class ManagementJsonContext : JsonSerializerContext;
