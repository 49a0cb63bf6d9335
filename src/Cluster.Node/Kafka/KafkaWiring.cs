using Akka.Payments.Node.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Kafka;

public static class KafkaWiring
{
    /// <summary>
    /// The Kafka the node talks to (started first, the embedded one included, and gone last) and the factory of its
    /// clients. Needs <see cref="NodeSettings"/> registered.
    /// </summary>
    public static IServiceCollection AddKafka(this IServiceCollection services, KafkaSettings kafka)
    {
        services.AddSingleton<KafkaEndpoint>();
        services.AddHostedService(sp => sp.GetRequiredService<KafkaEndpoint>());
        services.AddSingleton(sp => new KafkaClients(sp.GetRequiredService<KafkaEndpoint>(), kafka));
        return services;
    }
}
