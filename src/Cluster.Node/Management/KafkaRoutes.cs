using Akka.Payments.Management;
using Akka.Payments.Shared.Management.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Management;

/// <summary>The <c>kafka</c> palette: <c>GET /kafka/info</c> (bootstrap servers, group, topics and partitions).</summary>
public sealed class KafkaRoutes : IManagementRoutes
{
    public void Map(IEndpointRouteBuilder app, IServiceProvider host)
    {
        app.MapGet(ManagementPaths.KafkaInfo, () =>
        {
            var kafka = host.GetRequiredService<KafkaInspector>();
            return ManagementResults.Json(
                new KafkaInfoResponse(kafka.BootstrapServers, kafka.IsEmbedded, kafka.GroupId,
                    kafka.CoreTopics().Select(t => new TopicInfo(t.Topic, t.Partitions)).ToList()),
                ManagementJsonContext.Default.KafkaInfoResponse);
        });
    }
}
