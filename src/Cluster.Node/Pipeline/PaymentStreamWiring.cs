using Akka.Payments.Node.Journal;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Pipeline;

public static class PaymentStreamWiring
{
    /// <summary>
    /// The payment stream as a hosted service, behind the journal gate, and <see cref="StreamMetrics"/>, which it
    /// produces. Add it after the ActorSystem and management, last: hosted services start in order (the gate waits
    /// with management already answering "not ready") and stop in reverse order, so the stream drains before
    /// anything it uses goes away.
    /// </summary>
    /// <param name="gates">More start steps, after the journal gate and before the stream (the node's rules gate).</param>
    public static IServiceCollection AddPaymentStream(this IServiceCollection services, Action<IServiceCollection>? gates = null)
    {
        // The node takes no payments before the journal proved it works.
        services.AddHostedService<JournalStartGateService>();
        gates?.Invoke(services);
        services.AddSingleton<StreamMetrics>(_ => new StreamMetrics());
        services.AddSingleton<PaymentStreamService>();
        services.AddHostedService(sp => sp.GetRequiredService<PaymentStreamService>());
        return services;
    }
}
