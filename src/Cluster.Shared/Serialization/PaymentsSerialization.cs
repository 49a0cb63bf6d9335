using Akka.Configuration;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Control;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Ops;
using Akka.Payments.Shared.Rules;
using Akka.Payments.Shared.Trust;

namespace Akka.Payments.Shared.Serialization;

/// <summary>
/// Binds <see cref="PaymentsSerializer"/> to the payment messages. With Akka.Hosting:
/// <c>builder.AddHocon(PaymentsSerialization.Config, HoconAddMode.Prepend)</c>, or
/// <c>builder.WithCustomSerializer(PaymentsSerialization.Name, PaymentsSerialization.BoundTypes, s => new PaymentsSerializer(s))</c>.
/// </summary>
public static class PaymentsSerialization
{
    /// <summary>The serializer's name under <c>akka.actor.serializers</c>.</summary>
    public const string Name = "payments";

    /// <summary>Bound types; Akka picks the most specific binding, so interfaces cover every record that implements
    /// them. Events of <see cref="EventCatalog"/> that implement neither event interface are bound one by one.</summary>
    public static readonly IReadOnlyList<Type> BoundTypes =
    [
        typeof(IAccountMessage), typeof(AccountView), typeof(DecisionFailed), typeof(IAccountEvent), typeof(AccountSnapshot), typeof(RequestFilterStageSealed),
        typeof(IInputEvent), typeof(IOutcomeEvent),
        typeof(ITrustEvent), typeof(TrustPlaneSnapshot), typeof(StoredTrustPlaneSnapshot), typeof(ITrustQuery), typeof(IOpsEvent), typeof(OpsSnapshot), typeof(IOpsMessage),
        typeof(IControlEvent), typeof(RulesSnapshot), typeof(RulesPlaneSnapshot), typeof(IRulesMessage),
        typeof(RulesResponse), typeof(RulesHistoryResponse), typeof(SetRuleResponse),
        typeof(IScalerEvent), typeof(IScalerMessage), typeof(ScalerStatusResponse), typeof(ScaleResponse), typeof(AutoscaleResponse),
        typeof(TrustWindowsResponse), typeof(TrustCurrentResponse), typeof(TrustTotalsResponse),
        typeof(DeadLetterListResponse), typeof(DeadLetterResponse), typeof(DeadLetterStatsResponse), typeof(ReplayResponse),
        typeof(PurgeResponse), typeof(ReplayJobsResponse), typeof(AuditResponse), typeof(ClusterDeadLetterReport), typeof(ClusterHealthResponse),
        .. EventCatalog.All.Select(e => e.ClrType)
            .Where(t => !typeof(IInputEvent).IsAssignableFrom(t) && !typeof(IOutcomeEvent).IsAssignableFrom(t)),
    ];

    /// <summary>HOCON for <c>akka.actor.serializers</c>, <c>serialization-bindings</c> and <c>serialization-identifiers</c>.</summary>
    public static readonly string Hocon = BuildHocon();

    public static Config Config => ConfigurationFactory.ParseString(Hocon);

    private static string BuildHocon()
    {
        var serializer = TypeName(typeof(PaymentsSerializer));
        var bindings = string.Join("\n", BoundTypes.Select(t => $"      \"{TypeName(t)}\" = {Name}"));
        return $$"""
            akka.actor {
              serializers {
                {{Name}} = "{{serializer}}"
              }
              serialization-bindings {
            {{bindings}}
              }
              serialization-identifiers {
                "{{serializer}}" = {{PaymentsSerializer.SerializerId}}
              }
            }
            """;
    }

    private static string TypeName(Type t) => $"{t.FullName}, {t.Assembly.GetName().Name}";
}
