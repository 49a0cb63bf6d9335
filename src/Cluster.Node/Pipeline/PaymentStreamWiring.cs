using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Pipeline;

public static class PaymentStreamWiring
{
    /// <summary>
    /// The payment stream as a hosted service, and <see cref="StreamMetrics"/>, which it produces. Add it last: hosted
    /// services stop in reverse order, so the stream drains before anything it uses goes away.
    /// </summary>
    public static IServiceCollection AddPaymentStream(this IServiceCollection services)
    {
        services.AddSingleton<StreamMetrics>(_ => new StreamMetrics());
        services.AddSingleton<PaymentStreamService>();
        services.AddHostedService(sp => sp.GetRequiredService<PaymentStreamService>());
        return services;
    }
}
