using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Akka.Payments.Node.Kafka.Embedded;

/// <summary>
/// Serves <see cref="EmbeddedKafkaControl"/> on a free loopback port, for tests and chaos scripts that inject faults
/// into a running <c>Cluster.Node kafka</c> process. Loopback only and without a token: whoever can reach it can
/// already reach the embedded Kafka, which is a development and test facility.
/// </summary>
public sealed class EmbeddedKafkaControlServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddedKafkaControlServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<EmbeddedKafkaControlServer> Start(EmbeddedKafkaControl control)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(async context =>
        {
            var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var response = control.Handle(context.Request.Method, context.Request.Path.Value ?? "/", query);
            context.Response.StatusCode = response.Status;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(response.Body, context.RequestAborted);
        });
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmbeddedKafkaControlServer(app, new Uri(bound));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
