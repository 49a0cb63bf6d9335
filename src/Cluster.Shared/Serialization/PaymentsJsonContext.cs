using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Control;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Ops;
using Akka.Payments.Shared.Rules;
using Akka.Payments.Shared.Trust;

namespace Akka.Payments.Shared.Serialization;

/// <summary>
/// Source-generated System.Text.Json metadata for every event and message: camelCase names, decimals as JSON numbers
/// (never read from strings), <see cref="DateTimeOffset"/> as RFC 3339 with its offset, so both round-trip exactly.
/// Used for Kafka data (concrete records, no discriminator) and by <see cref="PaymentsSerializer"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.Strict,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = false)]
[JsonSerializable(typeof(AccountCredited))]
[JsonSerializable(typeof(PaymentRequested))]
[JsonSerializable(typeof(IInputEvent))]
[JsonSerializable(typeof(CreditApplied))]
[JsonSerializable(typeof(PaymentConfirmed))]
[JsonSerializable(typeof(PaymentDeclined))]
[JsonSerializable(typeof(IOutcomeEvent))]
[JsonSerializable(typeof(DecideEvent))]
[JsonSerializable(typeof(GetAccount))]
[JsonSerializable(typeof(DecisionFailed))]
[JsonSerializable(typeof(AccountView))]
[JsonSerializable(typeof(CreditRecorded))]
[JsonSerializable(typeof(PaymentConfirmedRecorded))]
[JsonSerializable(typeof(PaymentDeclinedRecorded))]
[JsonSerializable(typeof(IAccountEvent))]
[JsonSerializable(typeof(AccountSnapshot))]
[JsonSerializable(typeof(RequestFilterStageSealed))]
[JsonSerializable(typeof(MetricsWindowClosed))]
[JsonSerializable(typeof(MetricsWindowRestated))]
[JsonSerializable(typeof(TrustRecordsCounted))]
[JsonSerializable(typeof(TrustTicked))]
[JsonSerializable(typeof(TrustWindowsDelivered))]
[JsonSerializable(typeof(ITrustEvent))]
[JsonSerializable(typeof(TrustPlaneSnapshot))]
[JsonSerializable(typeof(GetTrustWindows))]
[JsonSerializable(typeof(GetTrustCurrent))]
[JsonSerializable(typeof(GetTrustTotals))]
[JsonSerializable(typeof(DeadLettersRead))]
[JsonSerializable(typeof(DeadLettersPurged))]
[JsonSerializable(typeof(ReplayScheduled))]
[JsonSerializable(typeof(ReplayProduced))]
[JsonSerializable(typeof(ReplayEnded))]
[JsonSerializable(typeof(IOpsEvent))]
[JsonSerializable(typeof(OpsSnapshot))]
[JsonSerializable(typeof(AuditRecorded))]
[JsonSerializable(typeof(RecordAudit))]
[JsonSerializable(typeof(GetAudit))]
[JsonSerializable(typeof(ListDeadLetters))]
[JsonSerializable(typeof(GetDeadLetter))]
[JsonSerializable(typeof(DeadLetterNotFound))]
[JsonSerializable(typeof(GetDeadLetterStats))]
[JsonSerializable(typeof(ReplayDeadLetters))]
[JsonSerializable(typeof(PurgeDeadLetters))]
[JsonSerializable(typeof(GetReplayJobs))]
[JsonSerializable(typeof(NodeReport))]
[JsonSerializable(typeof(GetClusterDeadLetters))]
[JsonSerializable(typeof(GetClusterHealth))]
[JsonSerializable(typeof(RuleChanged))]
[JsonSerializable(typeof(IControlEvent))]
[JsonSerializable(typeof(RulesSnapshot))]
[JsonSerializable(typeof(RuleChangesDelivered))]
[JsonSerializable(typeof(RulesPlaneSnapshot))]
[JsonSerializable(typeof(GetRules))]
[JsonSerializable(typeof(GetRulesHistory))]
[JsonSerializable(typeof(ChangeRule))]
[JsonSerializable(typeof(RuleRefused))]
[JsonSerializable(typeof(PullRules))]
[JsonSerializable(typeof(RulesUpdate))]
[JsonSerializable(typeof(RulesUpdated))]
[JsonSerializable(typeof(ScaleDecided))]
[JsonSerializable(typeof(ScalerDecided))]
[JsonSerializable(typeof(ScalerPublished))]
[JsonSerializable(typeof(ScalerAutoscaleSet))]
[JsonSerializable(typeof(IScalerEvent))]
[JsonSerializable(typeof(ReportScaleSignals))]
[JsonSerializable(typeof(GetScalerStatus))]
[JsonSerializable(typeof(ScaleNodes))]
[JsonSerializable(typeof(ScaleRefused))]
[JsonSerializable(typeof(SetAutoscale))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class PaymentsJsonContext : JsonSerializerContext;
