using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Akka.Payments.Node.Control.Scaling;
using Akka.Payments.Shared.Events;
using Docker.DotNet;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Payments.Node.Tests.Control;

/// <summary>
/// The <c>swarm</c> actuator against an in-process fake of the two Docker Engine API calls it makes (no engine runs on
/// these machines): it reads the service and updates it with the decision's replica count, at the version it read.
/// </summary>
public sealed class SwarmActuatorSpec : IAsyncDisposable
{
    private readonly FakeEngine _engine = new();

    private SwarmActuator Actuator() => new(new DockerClientConfiguration(_engine.Url).CreateClient(), "payments_node",
        NullLogger<SwarmActuator>.Instance);

    private static ScaleDecided Decision(int from, int to) => new("scale-4", DateTimeOffset.UtcNow, from, to, "lag_seconds", "autoscaler", null);

    [Fact]
    public async Task A_decision_sets_the_services_replicas_at_the_version_it_read_keeping_the_rest_of_its_spec()
    {
        using var actuator = Actuator();
        await actuator.Scale(2, 3, Decision(2, 3));

        var update = Assert.Single(_engine.Updates);
        Assert.EndsWith("/services/svc-node-1/update?version=41", update.Path);
        var spec = JsonNode.Parse(update.Body)!;
        Assert.Equal(3, spec["Mode"]!["Replicated"]!["Replicas"]!.GetValue<int>());
        Assert.Equal("payments_node", spec["Name"]!.GetValue<string>());
        Assert.Equal("payments/node:0.1.0", spec["TaskTemplate"]!["ContainerSpec"]!["Image"]!.GetValue<string>());
        Assert.Contains(_engine.Requests, r => r.EndsWith("/services/payments_node", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_service_that_is_not_replicated_is_refused_and_not_updated()
    {
        _engine.Global = true;
        using var actuator = Actuator();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => actuator.Scale(1, 2, Decision(1, 2)));
        Assert.Contains("not replicated", error.Message);
        Assert.Empty(_engine.Updates);
    }

    public async ValueTask DisposeAsync() => await _engine.DisposeAsync();

    /// <summary>Answers <c>GET …/services/payments_node</c> with a replicated service at version 41 and records each
    /// <c>POST …/services/{id}/update</c>.</summary>
    private sealed class FakeEngine : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public FakeEngine()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = new Uri($"http://127.0.0.1:{port}");
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _loop = Serve();
        }

        public Uri Url { get; }

        public volatile bool Global;

        public ConcurrentQueue<string> Requests { get; } = new();

        public ConcurrentQueue<(string Path, string Body)> Updates { get; } = new();

        private async Task Serve()
        {
            while (true)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                var path = context.Request.RawUrl ?? "";
                Requests.Enqueue($"{context.Request.HttpMethod} {path}");
                string answer;
                if (context.Request.HttpMethod == "POST" && path.Contains("/services/svc-node-1/update", StringComparison.Ordinal))
                {
                    using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                    Updates.Enqueue((path, await reader.ReadToEndAsync()));
                    answer = """{"Warnings":[]}""";
                }
                else if (context.Request.HttpMethod == "GET" && path.EndsWith("/services/payments_node", StringComparison.Ordinal))
                {
                    var mode = Global ? """{"Global":{}}""" : """{"Replicated":{"Replicas":2}}""";
                    answer = "{\"ID\":\"svc-node-1\",\"Version\":{\"Index\":41},\"Spec\":{\"Name\":\"payments_node\",\"Mode\":" + mode
                        + ",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"payments/node:0.1.0\"}}}}";
                }
                else
                {
                    context.Response.StatusCode = 404;
                    answer = $$"""{"message":"no such route in the fake: {{path}}"}""";
                }
                var body = Encoding.UTF8.GetBytes(answer);
                context.Response.ContentType = "application/json";
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _loop;
        }
    }
}
