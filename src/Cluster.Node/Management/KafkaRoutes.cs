using Akka.Payments.Management;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Management;

/// <summary>The <c>kafka</c> palette: <c>GET /kafka/info</c> (bootstrap servers, group, topics and partitions).</summary>
public sealed class KafkaRoutes : IManagementRoutes
{
    public void Map(IEndpointRouteBuilder app, IServiceProvider host)
    {
        app.MapGet("/kafka/info", () =>
        {
            var kafka = host.GetRequiredService<KafkaInspector>();
            return Results.Json(new
            {
                bootstrapServers = kafka.BootstrapServers,
                embedded = kafka.IsEmbedded,
                groupId = kafka.GroupId,
                topics = kafka.CoreTopics().Select(t => new { name = t.Topic, partitions = t.Partitions }).ToList(),
            });
        });
    }
}
