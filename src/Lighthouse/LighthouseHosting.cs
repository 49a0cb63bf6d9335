using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Payments.Shared.Cluster;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Lighthouse;

/// <summary>The Lighthouse's ActorSystem: remoting on a fixed address, clustering with role <c>lighthouse</c>, SBR.</summary>
public static class LighthouseHosting
{
    public const string Role = "lighthouse";

    public static IServiceCollection AddLighthouse(this IServiceCollection services, LighthouseSettings settings) =>
        services.AddAkka(settings.ActorSystem, akka =>
        {
            akka
                .ConfigureLoggers(logging =>
                {
                    logging.LogLevel = Akka.Event.LogLevel.InfoLevel;
                    logging.ClearLoggers();
                    logging.AddLoggerFactory();
                })
                .AddHocon(ClusterBootstrap.StableAfterHocon(settings.StableAfter), HoconAddMode.Prepend)
                .AddHocon(ClusterBootstrap.AcceptableHeartbeatPauseHocon(settings.AcceptableHeartbeatPause), HoconAddMode.Prepend)
                .AddHocon("akka.stdout-loglevel = WARNING", HoconAddMode.Prepend)
                .WithRemoting(new RemoteOptions { HostName = settings.Hostname, Port = settings.Port })
                .WithClustering(new ClusterOptions
                {
                    Roles = [Role],
                    // Keep-majority over all members, Lighthouses included, as on every node.
                    SplitBrainResolver = new KeepMajorityOption(),
                    // A Lighthouse listed in its own seeds (the usual Swarm setup) may be the first one up.
                    SeedNodes = settings.Seeds.Count > 0 ? settings.Seeds.ToArray() : [settings.SelfAddress],
                });
        });
}
