using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Control.Rules;
using Akka.Payments.Node.Control.Scaling;
using Akka.Payments.Node.Kafka;
using Akka.Payments.Node.Management;
using Akka.Payments.Node.Ops;
using Akka.Payments.Node.Pipeline;
using Akka.Payments.Node.Trust;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Akka.Payments.Node.Hosting;

/// <summary>Builds the node's host: configuration, Kafka, journal, ActorSystem and payment stream, in start order.</summary>
public static class NodeHost
{
    public static HostApplicationBuilder CreateBuilder(string[] args) =>
        Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory, // appsettings.json lives beside the binary
        });

    /// <summary>Reads and checks the configuration (throwing <see cref="ConfigurationException"/>), then wires the node.</summary>
    public static IHost Build(HostApplicationBuilder builder)
    {
        var settings = NodeSettings.From(builder.Configuration);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));

        // Hosted services start in this order and stop in the reverse one: Kafka, then the journal and the
        // ActorSystem, then management, then the journal gate and the stream (which therefore drains first).
        builder.Services.AddKafka(settings.Kafka);
        builder.Services.AddPaymentsNode(settings, (akka, provider) => akka
            .WithTrustPlane(settings, provider)
            .WithOpsPlane(settings, provider)
            .WithRulesPlane(settings, provider)
            .WithScalerPlane(settings, provider));
        builder.Services.AddNodeManagement(builder.Configuration, settings); // up before the stream, so /ready can say "not yet"
        // ... and no payment before the node has the control plane's rules.
        builder.Services.AddPaymentStream(gates => gates.AddHostedService<RulesStartGateService>());
        return builder.Build();
    }
}
