using System.Collections.Frozen;
using System.Text.Json.Serialization.Metadata;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Control;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Ops;
using Akka.Payments.Shared.Rules;
using Akka.Payments.Shared.Trust;

namespace Akka.Payments.Shared.Serialization;

/// <summary>
/// The string manifest of every type <see cref="PaymentsSerializer"/> writes: the account messages and journal
/// records below, and every event of <see cref="EventCatalog"/> under its CloudEvents type. Manifests are versioned
/// names that never mention CLR types: renaming a record must not break journal recovery. A new shape gets a new
/// <c>.vN</c>.
/// </summary>
public static class PaymentsManifests
{
    public const string DecideEvent = "account.decide.v1";
    public const string GetAccount = "account.get.v1";
    public const string DecisionFailed = "account.decision-failed.v1";
    // v2 added Today and ConfirmedToday. Only ever a reply on the wire, never journaled: v1 needs no reader.
    public const string AccountView = "account.view.v2";
    public const string CreditRecorded = "journal.credit-recorded.v1";
    public const string PaymentConfirmedRecorded = "journal.payment-confirmed.v1";
    public const string PaymentDeclinedRecorded = "journal.payment-declined.v1";
    // v2 stores the filter's bits after the JSON instead of inside it as base64 (AccountSnapshotLayout), and holds
    // only the recent events the request index lacks (AccountSnapshot.RecentEvents). v1 is still read (ReadOnly).
    // v3 stores the confirmed payments' times packed after the filter's bits (AccountSnapshot.ConfirmedPacked) instead
    // of as JSON text. v2 is still read.
    public const string AccountSnapshot = "journal.snapshot.v3";
    public const string AccountSnapshotV2 = "journal.snapshot.v2";
    public const string AccountSnapshotV1 = "journal.snapshot.v1";
    public const string RequestFilterStageSealed = "journal.filter-stage-sealed.v1";
    public const string TrustRecordsCounted = "trust.records-counted.v1";
    public const string TrustTicked = "trust.ticked.v1";
    public const string TrustWindowsDelivered = "trust.windows-delivered.v1";
    // v2 packs the remembered record ids as hashes (TrustSnapshot.SeenPacked) instead of listing them as text.
    // v3 stores those packed bytes after the JSON instead of inside it as base64 (TrustSnapshotLayout).
    // v1 and v2 snapshots are still read (ReadOnly below); an older node cannot read a newer snapshot, and says so.
    public const string TrustPlaneSnapshot = "trust.snapshot.v3";
    public const string TrustPlaneSnapshotV2 = "trust.snapshot.v2";
    public const string TrustPlaneSnapshotV1 = "trust.snapshot.v1";
    public const string GetTrustWindows = "trust.get-windows.v1";
    public const string GetTrustCurrent = "trust.get-current.v1";
    public const string GetTrustTotals = "trust.get-totals.v1";
    public const string TrustWindowsResponse = "trust.windows.v1";
    public const string TrustCurrentResponse = "trust.current.v1";
    public const string TrustTotalsResponse = "trust.totals.v1";
    public const string OpsDeadLettersRead = "ops.dead-letters-read.v1";
    public const string OpsDeadLettersPurged = "ops.dead-letters-purged.v1";
    public const string OpsReplayScheduled = "ops.replay-scheduled.v1";
    public const string OpsReplayProduced = "ops.replay-produced.v1";
    public const string OpsReplayEnded = "ops.replay-ended.v1";
    public const string OpsSnapshot = "ops.snapshot.v1";
    public const string OpsAuditRecorded = "ops.audit-recorded.v1";
    public const string RecordAudit = "ops.record-audit.v1";
    public const string GetAudit = "ops.get-audit.v1";
    public const string AuditResponse = "ops.audit.v1";
    public const string ListDeadLetters = "ops.list-dead-letters.v1";
    public const string GetDeadLetter = "ops.get-dead-letter.v1";
    public const string DeadLetterNotFound = "ops.dead-letter-not-found.v1";
    public const string GetDeadLetterStats = "ops.get-dead-letter-stats.v1";
    public const string ReplayDeadLetters = "ops.replay-dead-letters.v1";
    public const string PurgeDeadLetters = "ops.purge-dead-letters.v1";
    public const string GetReplayJobs = "ops.get-replay-jobs.v1";
    public const string DeadLetterListResponse = "ops.dead-letter-list.v1";
    public const string DeadLetterResponse = "ops.dead-letter.v1";
    public const string DeadLetterStatsResponse = "ops.dead-letter-stats.v1";
    public const string ReplayResponse = "ops.replay.v1";
    public const string PurgeResponse = "ops.purge.v1";
    public const string ReplayJobsResponse = "ops.replay-jobs.v1";
    public const string NodeReport = "ops.node-report.v1";
    public const string GetClusterDeadLetters = "ops.get-cluster-dead-letters.v1";
    public const string GetClusterHealth = "ops.get-cluster-health.v1";
    public const string ClusterDeadLetterReport = "ops.cluster-dead-letters.v1";
    public const string ClusterHealthResponse = "ops.cluster-health.v1";
    public const string ControlRuleChanged = "control.rule-changed.v1";
    public const string ControlRulesSnapshot = "control.rules-snapshot.v1";
    public const string ControlRuleChangesDelivered = "control.rule-changes-delivered.v1";
    public const string ControlRulesPlaneSnapshot = "control.rules-plane-snapshot.v1";
    public const string GetRules = "control.get-rules.v1";
    public const string GetRulesHistory = "control.get-rules-history.v1";
    public const string ChangeRule = "control.change-rule.v1";
    public const string RuleRefused = "control.rule-refused.v1";
    public const string PullRules = "control.pull-rules.v1";
    public const string RulesUpdate = "control.rules-update.v1";
    public const string RulesResponse = "control.rules.v1";
    public const string RulesHistoryResponse = "control.rules-history.v1";
    public const string SetRuleResponse = "control.set-rule.v1";
    public const string ScalerDecided = "control.scaler-decided.v1";
    public const string ScalerPublished = "control.scaler-published.v1";
    public const string ScalerAutoscaleSet = "control.scaler-autoscale-set.v1";
    public const string ReportScaleSignals = "control.report-scale-signals.v1";
    public const string GetScalerStatus = "control.get-scaler-status.v1";
    public const string ScaleNodes = "control.scale-nodes.v1";
    public const string ScaleRefused = "control.scale-refused.v1";
    public const string SetAutoscale = "control.set-autoscale.v1";
    public const string ScalerStatusResponse = "control.scaler-status.v1";
    public const string ScaleResponse = "control.scale.v1";
    public const string AutoscaleResponse = "control.autoscale.v1";

    /// <param name="Layout">How the bytes are laid out when they are more than the JSON of <paramref name="TypeInfo"/>.</param>
    internal sealed record Entry(Type Type, string Manifest, JsonTypeInfo TypeInfo, PayloadLayout? Layout = null);

    private static readonly PaymentsJsonContext Json = PaymentsJsonContext.Default;

    internal static readonly IReadOnlyList<Entry> All =
    [
        new(typeof(DecideEvent), DecideEvent, Json.DecideEvent),
        new(typeof(GetAccount), GetAccount, Json.GetAccount),
        new(typeof(DecisionFailed), DecisionFailed, Json.DecisionFailed),
        new(typeof(AccountView), AccountView, Json.AccountView),
        new(typeof(CreditRecorded), CreditRecorded, Json.CreditRecorded),
        new(typeof(PaymentConfirmedRecorded), PaymentConfirmedRecorded, Json.PaymentConfirmedRecorded),
        new(typeof(PaymentDeclinedRecorded), PaymentDeclinedRecorded, Json.PaymentDeclinedRecorded),
        new(typeof(AccountSnapshot), AccountSnapshot, Json.AccountSnapshot, new AccountSnapshotLayout(AccountSnapshot, confirmedAfterStages: true)),
        new(typeof(RequestFilterStageSealed), RequestFilterStageSealed, Json.RequestFilterStageSealed, new SealedFilterStageLayout()),
        new(typeof(TrustRecordsCounted), TrustRecordsCounted, Json.TrustRecordsCounted),
        new(typeof(TrustTicked), TrustTicked, Json.TrustTicked),
        new(typeof(TrustWindowsDelivered), TrustWindowsDelivered, Json.TrustWindowsDelivered),
        new(typeof(TrustPlaneSnapshot), TrustPlaneSnapshot, Json.TrustPlaneSnapshot, new TrustSnapshotLayout()),
        new(typeof(GetTrustWindows), GetTrustWindows, Json.GetTrustWindows),
        new(typeof(GetTrustCurrent), GetTrustCurrent, Json.GetTrustCurrent),
        new(typeof(GetTrustTotals), GetTrustTotals, Json.GetTrustTotals),
        new(typeof(DeadLettersRead), OpsDeadLettersRead, Json.DeadLettersRead),
        new(typeof(DeadLettersPurged), OpsDeadLettersPurged, Json.DeadLettersPurged),
        new(typeof(ReplayScheduled), OpsReplayScheduled, Json.ReplayScheduled),
        new(typeof(ReplayProduced), OpsReplayProduced, Json.ReplayProduced),
        new(typeof(ReplayEnded), OpsReplayEnded, Json.ReplayEnded),
        new(typeof(OpsSnapshot), OpsSnapshot, Json.OpsSnapshot),
        new(typeof(AuditRecorded), OpsAuditRecorded, Json.AuditRecorded),
        new(typeof(RecordAudit), RecordAudit, Json.RecordAudit),
        new(typeof(GetAudit), GetAudit, Json.GetAudit),
        new(typeof(AuditResponse), AuditResponse, ManagementJsonContext.Default.AuditResponse),
        new(typeof(ListDeadLetters), ListDeadLetters, Json.ListDeadLetters),
        new(typeof(GetDeadLetter), GetDeadLetter, Json.GetDeadLetter),
        new(typeof(DeadLetterNotFound), DeadLetterNotFound, Json.DeadLetterNotFound),
        new(typeof(GetDeadLetterStats), GetDeadLetterStats, Json.GetDeadLetterStats),
        new(typeof(ReplayDeadLetters), ReplayDeadLetters, Json.ReplayDeadLetters),
        new(typeof(PurgeDeadLetters), PurgeDeadLetters, Json.PurgeDeadLetters),
        new(typeof(GetReplayJobs), GetReplayJobs, Json.GetReplayJobs),
        new(typeof(DeadLetterListResponse), DeadLetterListResponse, ManagementJsonContext.Default.DeadLetterListResponse),
        new(typeof(DeadLetterResponse), DeadLetterResponse, ManagementJsonContext.Default.DeadLetterResponse),
        new(typeof(DeadLetterStatsResponse), DeadLetterStatsResponse, ManagementJsonContext.Default.DeadLetterStatsResponse),
        new(typeof(ReplayResponse), ReplayResponse, ManagementJsonContext.Default.ReplayResponse),
        new(typeof(PurgeResponse), PurgeResponse, ManagementJsonContext.Default.PurgeResponse),
        new(typeof(ReplayJobsResponse), ReplayJobsResponse, ManagementJsonContext.Default.ReplayJobsResponse),
        new(typeof(NodeReport), NodeReport, Json.NodeReport),
        new(typeof(GetClusterDeadLetters), GetClusterDeadLetters, Json.GetClusterDeadLetters),
        new(typeof(GetClusterHealth), GetClusterHealth, Json.GetClusterHealth),
        new(typeof(ClusterDeadLetterReport), ClusterDeadLetterReport, ManagementJsonContext.Default.ClusterDeadLetterReport),
        new(typeof(ClusterHealthResponse), ClusterHealthResponse, ManagementJsonContext.Default.ClusterHealthResponse),
        new(typeof(RuleChanged), ControlRuleChanged, Json.RuleChanged),
        new(typeof(RulesSnapshot), ControlRulesSnapshot, Json.RulesSnapshot),
        new(typeof(RuleChangesDelivered), ControlRuleChangesDelivered, Json.RuleChangesDelivered),
        new(typeof(RulesPlaneSnapshot), ControlRulesPlaneSnapshot, Json.RulesPlaneSnapshot),
        new(typeof(GetRules), GetRules, Json.GetRules),
        new(typeof(GetRulesHistory), GetRulesHistory, Json.GetRulesHistory),
        new(typeof(ChangeRule), ChangeRule, Json.ChangeRule),
        new(typeof(RuleRefused), RuleRefused, Json.RuleRefused),
        new(typeof(PullRules), PullRules, Json.PullRules),
        new(typeof(RulesUpdate), RulesUpdate, Json.RulesUpdate),
        new(typeof(RulesResponse), RulesResponse, ManagementJsonContext.Default.RulesResponse),
        new(typeof(RulesHistoryResponse), RulesHistoryResponse, ManagementJsonContext.Default.RulesHistoryResponse),
        new(typeof(SetRuleResponse), SetRuleResponse, ManagementJsonContext.Default.SetRuleResponse),
        new(typeof(ScalerDecided), ScalerDecided, Json.ScalerDecided),
        new(typeof(ScalerPublished), ScalerPublished, Json.ScalerPublished),
        new(typeof(ScalerAutoscaleSet), ScalerAutoscaleSet, Json.ScalerAutoscaleSet),
        new(typeof(ReportScaleSignals), ReportScaleSignals, Json.ReportScaleSignals),
        new(typeof(GetScalerStatus), GetScalerStatus, Json.GetScalerStatus),
        new(typeof(ScaleNodes), ScaleNodes, Json.ScaleNodes),
        new(typeof(ScaleRefused), ScaleRefused, Json.ScaleRefused),
        new(typeof(SetAutoscale), SetAutoscale, Json.SetAutoscale),
        new(typeof(ScalerStatusResponse), ScalerStatusResponse, ManagementJsonContext.Default.ScalerStatusResponse),
        new(typeof(ScaleResponse), ScaleResponse, ManagementJsonContext.Default.ScaleResponse),
        new(typeof(AutoscaleResponse), AutoscaleResponse, ManagementJsonContext.Default.AutoscaleResponse),
        // The singleton's answers are the management contracts the routes return, in their own JSON.
        new(typeof(TrustWindowsResponse), TrustWindowsResponse, ManagementJsonContext.Default.TrustWindowsResponse),
        new(typeof(TrustCurrentResponse), TrustCurrentResponse, ManagementJsonContext.Default.TrustCurrentResponse),
        new(typeof(TrustTotalsResponse), TrustTotalsResponse, ManagementJsonContext.Default.TrustTotalsResponse),
        // Input and outcome records are stored exactly as their Kafka data: their manifest is their CloudEvents type.
        .. EventCatalog.All.Select(e => new Entry(e.ClrType, e.Manifest, e.TypeInfo)),
    ];

    /// <summary>Older manifests of types that are written under a newer one now: read, never written.</summary>
    internal static readonly IReadOnlyList<Entry> ReadOnly =
    [
        new(typeof(AccountSnapshot), AccountSnapshotV1, Json.AccountSnapshot),
        new(typeof(AccountSnapshot), AccountSnapshotV2, Json.AccountSnapshot, new AccountSnapshotLayout(AccountSnapshotV2, confirmedAfterStages: false)),
        new(typeof(TrustPlaneSnapshot), TrustPlaneSnapshotV1, Json.TrustPlaneSnapshot),
        new(typeof(TrustPlaneSnapshot), TrustPlaneSnapshotV2, Json.TrustPlaneSnapshot),
    ];

    /// <summary>Types written under a manifest whose reader gives back another type: read as that type.</summary>
    internal static readonly IReadOnlyList<Entry> WriteOnly =
    [
        new(typeof(StoredTrustPlaneSnapshot), TrustPlaneSnapshot, Json.TrustPlaneSnapshot, All.Single(e => e.Manifest == TrustPlaneSnapshot).Layout),
    ];

    internal static readonly FrozenDictionary<Type, Entry> ByType = All.Concat(WriteOnly).ToFrozenDictionary(e => e.Type);
    internal static readonly FrozenDictionary<string, Entry> ByManifest = All.Concat(ReadOnly).ToFrozenDictionary(e => e.Manifest);

    /// <summary>The manifest of a message type, or <c>null</c> when the serializer does not handle it.</summary>
    public static string? For(Type type) => ByType.TryGetValue(type, out var entry) ? entry.Manifest : null;
}
