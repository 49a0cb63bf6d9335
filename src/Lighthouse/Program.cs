using Akka.Actor;
using Akka.Payments.Lighthouse;
using Akka.Payments.Management;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

// A seed node: it joins the cluster at a stable address so that others can find it. SIGTERM/Ctrl-C makes the host
// stop the ActorSystem, whose coordinated shutdown leaves the cluster before the process exits.
LighthouseSettings settings;
ManagementOptions management;
var builder = Host.CreateApplicationBuilder(args);
try
{
    settings = LighthouseSettings.From(builder.Configuration);
    management = ManagementOptions.From(builder.Configuration, "./data");
}
catch (Exception e) when (e is ArgumentException or InvalidManagementSettingException)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}
builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "HH:mm:ss.fff ";
    o.ColorBehavior = LoggerColorBehavior.Disabled;
});
builder.Services.AddLighthouse(settings);
builder.Services.AddClusterManagement(management); // /healthz, /ready, /metrics and the cluster palette for payctl
using var host = builder.Build();
await host.StartAsync();

var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Lighthouse");
var system = host.Services.GetRequiredService<ActorSystem>();
system.ActorOf(ClusterEventLogger.Props(logger), "cluster-events");
logger.LogInformation("Lighthouse listening at {Address} (role lighthouse; seeds {Seeds})",
    Akka.Cluster.Cluster.Get(system).SelfAddress, settings.Seeds.Count > 0 ? string.Join(", ", settings.Seeds) : "itself");

await host.WaitForShutdownAsync();
logger.LogInformation("Lighthouse left the cluster and stopped");
return 0;
