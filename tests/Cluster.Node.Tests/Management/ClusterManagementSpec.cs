using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Payments.Management;
using Akka.Payments.Testing;
using Akka.Remote.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Akka.Payments.Node.Tests.Management;

/// <summary>
/// The generic cluster management (what Lighthouse reuses: one <c>AddClusterManagement</c> call) on a real
/// ActorSystem that has not joined any cluster yet: not ready, then joined through the endpoint, with the tail
/// seeing it happen.
/// </summary>
public sealed class ClusterManagementSpec : IAsyncLifetime
{
    private const string Token = "spec-token";
    private readonly string _dataDir = Directory.CreateTempSubdirectory("payments-cluster-mgmt-").FullName;
    private IHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Management:Url"] = "http://127.0.0.1:0",
            ["Management:Token"] = Token,
        }).Build();
        builder.Services.AddAkka("payments", akka => akka
            .WithRemoting(new RemoteOptions { HostName = "127.0.0.1", Port = 0 })
            .WithClustering(new ClusterOptions { Roles = ["lighthouse"] })); // no seeds: it waits to be told whom to join
        builder.Services.AddClusterManagement(ManagementOptions.From(config, _dataDir));
        _host = builder.Build();
        await _host.StartAsync();
        _http = new HttpClient { BaseAddress = _host.Services.GetRequiredService<ManagementServer>().BoundUrl };
    }

    [Fact]
    public async Task A_member_that_has_not_joined_is_not_ready_until_join_with_the_token_makes_it_up_and_tail_reports_it()
    {
        using (var notReady = await _http.GetAsync("/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            var check = Assert.Single((await notReady.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").EnumerateArray());
            Assert.Equal("cluster", check.GetProperty("name").GetString());
            Assert.False(check.GetProperty("ok").GetBoolean());
            Assert.Contains("not Up", check.GetProperty("problem").GetString());
        }

        using var tailing = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var tail = await _http.GetAsync("/cluster/tail", HttpCompletionOption.ResponseHeadersRead, tailing.Token);
        using var events = new StreamReader(await tail.Content.ReadAsStreamAsync(tailing.Token));

        var self = Akka.Cluster.Cluster.Get(_host.Services.GetRequiredService<ActorSystem>()).SelfAddress.ToString();
        using (var refused = await _http.SendAsync(Join(self, "wrong")))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _http.GetAsync("/ready")).StatusCode);

        using (var accepted = await _http.SendAsync(Join(self, Token)))
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        while (true)
        {
            var line = await events.ReadLineAsync(tailing.Token) ?? throw new InvalidOperationException("the tail ended");
            var e = JsonDocument.Parse(line).RootElement;
            if (e.GetProperty("event").GetString() == "MemberUp" && e.GetProperty("address").GetString() == self) break;
        }
        await Eventually.Until(async () =>
        {
            using var ready = await _http.GetAsync("/ready");
            return (ready.StatusCode, Body: await ready.Content.ReadAsStringAsync());
        }, ready => ready.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "/ready to answer 200 after the join");
        var member = Assert.Single((await _http.GetFromJsonAsync<JsonElement>("/cluster/members")).GetProperty("members").EnumerateArray());
        Assert.Equal(["lighthouse"], member.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    private static HttpRequestMessage Join(string address, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/cluster/join") { Content = JsonContent.Create(new { address }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        await _host.StopAsync(TimeSpan.FromSeconds(20));
        _host.Dispose();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }
}
