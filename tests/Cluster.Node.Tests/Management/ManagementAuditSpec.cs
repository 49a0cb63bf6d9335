using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Akka.Payments.Management;
using Akka.Payments.Shared.Management.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Payments.Node.Tests.Management;

/// <summary>
/// Every command that needs the token is reported to the node's audit, taken or refused, with its arguments and
/// never the token: on the real management server, with the cluster palette over a one-node cluster.
/// </summary>
public sealed class ManagementAuditSpec : Akka.TestKit.Xunit2.TestKit
{
    private const string Token = "s3cret-token";
    private readonly string _dataDir = Directory.CreateTempSubdirectory("payments-audit-").FullName;
    private readonly Recorder _audit = new();

    public ManagementAuditSpec() : base("akka.actor.provider = cluster\nakka.remote.dot-netty.tcp.port = 0\nakka.loglevel = WARNING", "audit-spec")
    {
    }

    private sealed class Recorder : IManagementAudit
    {
        public ConcurrentQueue<AuditEntry> Entries { get; } = new();
        public void Record(AuditEntry entry) => Entries.Enqueue(entry);
    }

    private async Task<(ManagementServer Server, HttpClient Http)> Serve()
    {
        var host = new ServiceCollection()
            .AddSingleton(Sys)
            .AddSingleton<IManagementAudit>(_audit)
            .AddSingleton(new ManagementNodeName("akka.tcp://payments@10.0.0.5:4053"))
            .BuildServiceProvider();
        var server = new ManagementServer(new ManagementOptions(new Uri("http://127.0.0.1:0"), Token, _dataDir), host,
            [new HealthRoutes(), new ClusterRoutes()], NullLogger<ManagementServer>.Instance);
        await server.StartAsync(CancellationToken.None);
        return (server, new HttpClient { BaseAddress = server.BoundUrl });
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Directory.Delete(_dataDir, recursive: true);
        base.Dispose(disposing);
    }

    [Fact]
    public async Task A_command_with_and_without_the_token_is_audited_with_its_arguments_and_never_the_token()
    {
        var (server, http) = await Serve();
        await using (server)
        using (http)
        {
            var body = JsonContent.Create(new AddressRequest("akka.tcp://payments@10.0.0.9:4053"), ManagementJsonContext.Default.AddressRequest);
            var refused = await http.PostAsync(ManagementPaths.ClusterDown, body);
            using var withToken = new HttpRequestMessage(HttpMethod.Post, ManagementPaths.ClusterJoin)
            {
                Content = JsonContent.Create(new AddressRequest("akka.tcp://payments@10.0.0.9:4053"), ManagementJsonContext.Default.AddressRequest),
            };
            withToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            var taken = await http.SendAsync(withToken);
            await http.GetAsync(ManagementPaths.ClusterMembers); // a read: not audited

            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
            var entries = _audit.Entries.ToList();
            Assert.Equal(2, entries.Count);
            Assert.Equal(("POST /cluster/down", 401), (entries[0].Command, entries[0].Status));
            Assert.StartsWith("refused@", entries[0].By);
            Assert.Equal(("POST /cluster/join", 200), (entries[1].Command, entries[1].Status));
            Assert.StartsWith("token@", entries[1].By);
            Assert.All(entries, e => Assert.Contains("10.0.0.9:4053", e.Arguments));
            Assert.All(entries, e => Assert.Equal("akka.tcp://payments@10.0.0.5:4053", e.Node));
            Assert.All(entries, e => Assert.DoesNotContain(Token, e.Arguments + e.By + e.Command));
        }
    }
}
