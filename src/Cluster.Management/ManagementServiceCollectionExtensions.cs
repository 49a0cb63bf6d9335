using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Akka.Payments.Management;

public static class ManagementServiceCollectionExtensions
{
    /// <summary>
    /// The management endpoint with the generic palettes (health, metrics, cluster). Call it after <c>AddAkka</c> so
    /// the endpoint starts once the ActorSystem is up. Lighthouse:
    /// <c>builder.Services.AddClusterManagement(ManagementOptions.From(builder.Configuration, "./data"));</c>
    /// </summary>
    public static IServiceCollection AddClusterManagement(this IServiceCollection services, ManagementOptions options)
    {
        services.AddSingleton(options);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IManagementRoutes, HealthRoutes>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IManagementRoutes, ClusterRoutes>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessCheck, ClusterReadiness>());
        services.AddSingleton<ManagementServer>();
        services.AddHostedService(sp => sp.GetRequiredService<ManagementServer>());
        return services;
    }
}
