using Akka.Hosting;
using Akka.Payments.Node.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Ops;

/// <summary>The registry key of this node's <see cref="AkkaDeadLetterMonitor"/>.</summary>
public sealed class AkkaDeadLetterMonitorKey;

/// <summary>Every node counts its own undelivered Akka messages: the counts as a service (routes and metrics read
/// them), the monitor as an actor of the node's ActorSystem.</summary>
public static class AkkaDeadLetterWiring
{
    public const string MonitorName = "dead-letter-monitor";

    /// <summary><see cref="AkkaDeadLetters"/> as a singleton, on the wall clock.</summary>
    public static IServiceCollection AddAkkaDeadLetters(this IServiceCollection services, OpsSettings settings) =>
        services.AddSingleton(new AkkaDeadLetters(settings.DeadLetterAlertPerMinute, () => DateTimeOffset.UtcNow));

    /// <summary>Starts <see cref="AkkaDeadLetterMonitor"/> with the system, on the counts <see cref="AddAkkaDeadLetters"/> registered.</summary>
    public static AkkaConfigurationBuilder WithAkkaDeadLetterMonitor(this AkkaConfigurationBuilder akka, IServiceProvider provider)
    {
        var counts = provider.GetRequiredService<AkkaDeadLetters>();
        return akka.WithActors((system, registry, _) =>
            registry.Register<AkkaDeadLetterMonitorKey>(system.ActorOf(AkkaDeadLetterMonitor.PropsFor(counts), MonitorName)));
    }
}
