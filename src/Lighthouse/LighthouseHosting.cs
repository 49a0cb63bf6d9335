using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Lighthouse;

public static class LighthouseHosting
{
    public const string Role = "lighthouse";

    public static IServiceCollection AddLighthouse(this IServiceCollection services, LighthouseSettings settings) =>
        services.AddAkka(settings.ActorSystem, akka =>
        {
            var self = $"akka.tcp://{settings.ActorSystem}@{settings.Hostname}:{settings.Port}";
            akka
                .WithRemoting(new RemoteOptions { HostName = settings.Hostname, Port = settings.Port })
                .WithClustering(new ClusterOptions
                {
                    Roles = [Role],
                    SeedNodes = settings.Seeds.Count > 0 ? settings.Seeds.ToArray() : [self],
                });
        });
}
