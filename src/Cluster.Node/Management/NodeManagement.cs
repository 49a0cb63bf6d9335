using Akka.Payments.Management;
using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Control.Scaling;
using Akka.Payments.Node.Ops;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Akka.Payments.Node.Management;

public static class NodeManagement
{
    /// <summary>
    /// The node's management endpoint: the generic palettes (health, metrics, cluster) plus cluster-sharding,
    /// payments, kafka, trust and ops (the cluster's health and Akka dead letters, the dead-letter store, the audit trail), with the stream and journal as readiness checks.
    /// Call it after <c>AddPaymentsNode</c>.
    /// A bad <c>Management:*</c> setting throws <see cref="ConfigurationException"/>.
    /// </summary>
    public static IServiceCollection AddNodeManagement(this IServiceCollection services, IConfiguration config, NodeSettings settings)
    {
        ManagementOptions options;
        try { options = ManagementOptions.From(config, settings.DataDir); }
        catch (InvalidManagementSettingException e) { throw new ConfigurationException(e.Key, e.Value, e.Expected); }

        services.AddSingleton<KafkaInspector>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IManagementRoutes, ShardingRoutes>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IManagementRoutes, PaymentsRoutes>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IManagementRoutes, KafkaRoutes>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IManagementRoutes, TrustRoutes>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IManagementRoutes, DeadLetterRoutes>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IManagementRoutes, AuditRoutes>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IManagementRoutes, RulesRoutes>());
        // Every command that needs the token goes to the ops plane's audit trail, named by this node's address.
        services.AddSingleton<IManagementAudit, OpsAudit>();
        services.AddSingleton(sp => new ManagementNodeName(
            Akka.Cluster.Cluster.Get(sp.GetRequiredService<Akka.Actor.ActorSystem>()).SelfAddress.ToString()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IManagementRoutes, OpsRoutes>());
        // The node's readiness and dead-letter counts go to the ops plane: payctl ops health and ops deadletters.
        services.AddSingleton(settings.Ops);
        services.AddHostedService<NodeReporter>();
        // The control plane's autoscaling: every node reports its signals to the scaler; /control/status, scale, autoscale.
        services.AddSingleton(settings.Scaler);
        services.AddHostedService<SignalsReporter>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IManagementRoutes, ScalerRoutes>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessCheck, StreamReadiness>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessCheck, JournalReadiness>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricsSource, NodeMetrics>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricsSource, TrustMetrics>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricsSource, AkkaDeadLetterMetrics>());
        return services.AddClusterManagement(options);
    }
}
