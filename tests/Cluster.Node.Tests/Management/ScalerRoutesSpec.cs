using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Akka.Actor;
using Akka.Hosting;
using Akka.Payments.Management;
using Akka.Payments.Node.Control.Scaling;
using Akka.Payments.Node.Management;
using Akka.Payments.Shared.Control;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;
using Akka.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Payments.Node.Tests.Management;

/// <summary><c>/control/status</c>, <c>/control/scale</c> and <c>/control/autoscale</c> on the real management server,
/// with a probe standing in for the scaler singleton: what each route asks it, what it answers, and the token.</summary>
public sealed class ScalerRoutesSpec : Akka.TestKit.Xunit2.TestKit
{
    private const string Token = "scaler-token";
    private static readonly DateTimeOffset At = new(2026, 11, 29, 21, 0, 0, TimeSpan.Zero);
    private readonly string _dataDir = Directory.CreateTempSubdirectory("payments-scaler-routes-").FullName;
    private readonly TestProbe _scaler;

    public ScalerRoutesSpec() : base("akka.loglevel = WARNING", "scaler-routes-spec")
    {
        _scaler = CreateTestProbe();
        _scaler.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            sender.Tell(message switch
            {
                GetScalerStatus => Status,
                ScaleNodes { Nodes: > 4 } s => new ScaleRefused($"nodes must be at most Payments:Control:MaxNodes (4), got {s.Nodes}"),
                ScaleNodes s => new ScaleResponse("akka.tcp://payments@n1:1", new ScaleDecided("scale-3", At, 1, s.Nodes, "manual", s.By, null)),
                SetAutoscale a => new AutoscaleResponse("akka.tcp://payments@n1:1", a.On, true),
                _ => new Status.Failure(new InvalidOperationException("unexpected")),
            });
            return AutoPilot.KeepRunning;
        }));
    }

    private static readonly ScalerStatusResponse Status = new("akka.tcp://payments@n1:1", At, 1, 2, true, "log", 1, 4, 12,
        null, null, null, null, new List<ScaleNodeSignals>(), new List<StuckPartitionView>(), new List<ScaleDecided>());

    private sealed class Fixed(IActorRef actor) : IRequiredActor<ScalerPlane>
    {
        public IActorRef ActorRef => actor;
        public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(actor);
    }

    private async Task<(ManagementServer Server, HttpClient Http)> Serve()
    {
        var host = new ServiceCollection()
            .AddSingleton(Sys)
            .AddSingleton<IRequiredActor<ScalerPlane>>(new Fixed(_scaler.Ref))
            .BuildServiceProvider();
        var server = new ManagementServer(new ManagementOptions(new Uri("http://127.0.0.1:0"), Token, _dataDir), host,
            [new HealthRoutes(), new ScalerRoutes()], NullLogger<ManagementServer>.Instance);
        await server.StartAsync(CancellationToken.None);
        return (server, new HttpClient { BaseAddress = server.BoundUrl });
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Directory.Delete(_dataDir, recursive: true);
        base.Dispose(disposing);
    }

    private static HttpRequestMessage Post<T>(string path, T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, bool token = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, type) };
        if (token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return request;
    }

    [Fact]
    public async Task Status_answers_the_scalers_status_as_the_contract_reads_it()
    {
        var (server, http) = await Serve();
        await using (server)
        using (http)
        {
            var status = await http.GetFromJsonAsync(ManagementPaths.ControlStatus, ManagementJsonContext.Default.ScalerStatusResponse);
            Assert.Equal((1, 2, true, "log", 12), (status!.Nodes, status.Desired, status.Autoscale, status.Actuator, status.InputPartitions));
        }
    }

    [Fact]
    public async Task Scale_needs_the_token_refuses_a_count_outside_the_bounds_with_400_and_names_who_asked()
    {
        var (server, http) = await Serve();
        await using (server)
        using (http)
        {
            using var anonymous = await http.SendAsync(Post(ManagementPaths.ControlScale, new ScaleRequest(2), ManagementJsonContext.Default.ScaleRequest, token: false));
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

            using var tooMany = await http.SendAsync(Post(ManagementPaths.ControlScale, new ScaleRequest(9), ManagementJsonContext.Default.ScaleRequest));
            Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
            Assert.Contains("Payments:Control:MaxNodes (4)", (await tooMany.Content.ReadFromJsonAsync(ManagementJsonContext.Default.ErrorResponse))!.Error);

            using var taken = await http.SendAsync(Post(ManagementPaths.ControlScale, new ScaleRequest(3), ManagementJsonContext.Default.ScaleRequest));
            Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
            var decision = (await taken.Content.ReadFromJsonAsync(ManagementJsonContext.Default.ScaleResponse))!.Decision;
            Assert.Equal((3, "manual"), (decision.To, decision.Reason));
            Assert.StartsWith("token@", decision.By);
        }
    }

    [Fact]
    public async Task Autoscale_needs_the_token_and_passes_on_or_off_to_the_scaler()
    {
        var (server, http) = await Serve();
        await using (server)
        using (http)
        {
            using var anonymous = await http.SendAsync(Post(ManagementPaths.ControlAutoscale, new AutoscaleRequest(false), ManagementJsonContext.Default.AutoscaleRequest, token: false));
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

            using var off = await http.SendAsync(Post(ManagementPaths.ControlAutoscale, new AutoscaleRequest(false), ManagementJsonContext.Default.AutoscaleRequest));
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
            Assert.False((await off.Content.ReadFromJsonAsync(ManagementJsonContext.Default.AutoscaleResponse))!.On);
        }
    }
}
