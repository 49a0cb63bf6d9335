using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Akka.Actor;
using Akka.Hosting;
using Akka.Payments.Management;
using Akka.Payments.Node.Control.Rules;
using Akka.Payments.Node.Journal;
using Akka.Payments.Node.Management;
using Akka.Payments.Node.Rules;
using Akka.Payments.Node.Tests.Control;
using Akka.Payments.Node.Tests.Journal;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Rules;
using Akka.Payments.Shared.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Payments.Node.Tests.Management;

/// <summary><c>/control/rules</c> on the real management server over a plain ActorSystem: the rules singleton is a
/// <see cref="RulesActor"/> on a SQLite journal, no cluster or Kafka to start.</summary>
public sealed class RulesRoutesSpec : Akka.TestKit.Xunit2.TestKit
{
    private const string Token = "token";
    private static readonly ManagementJsonContext Json = ManagementJsonContext.Default;
    private readonly string _dataDir = Directory.CreateTempSubdirectory("payments-rules-routes-").FullName;
    private readonly RulesHolder _holder = new(PaymentRules.Default with { Version = 7 });

    public RulesRoutesSpec() : base(PaymentsSerialization.Config.WithFallback(
        SqliteJournal.Config("rules-routes-spec", $"class = \"{typeof(GroupCommitJournal).AssemblyQualifiedName}\"")), "rules-routes-spec")
    {
    }

    private async Task<(ManagementServer Server, HttpClient Http)> Serve()
    {
        var plane = Sys.ActorOf(RulesActor.PropsFor(RulesPlaneSettings.Default, PaymentRules.Default, new RulesPortsProbe().Ports));
        var host = new ServiceCollection()
            .AddSingleton(Sys)
            .AddSingleton(_holder)
            .AddSingleton<IRequiredActor<RulesPlane>>(new Plane(plane))
            .BuildServiceProvider();
        var server = new ManagementServer(new ManagementOptions(new Uri("http://127.0.0.1:0"), Token, _dataDir), host,
            [new HealthRoutes(), new RulesRoutes()], NullLogger<ManagementServer>.Instance);
        await server.StartAsync(CancellationToken.None);
        return (server, new HttpClient { BaseAddress = server.BoundUrl });
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Directory.Delete(_dataDir, recursive: true);
        base.Dispose(disposing);
    }

    private static async Task<HttpResponseMessage> Set(HttpClient http, string? token, string body)
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, ManagementPaths.ControlRules)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        if (token is not null) post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(post);
    }

    [Fact]
    public async Task A_change_with_the_token_answers_the_new_version_and_shows_in_the_rules_and_the_history()
    {
        var (server, http) = await Serve();
        await using (server)
        using (http)
        {
            var before = await http.GetFromJsonAsync(ManagementPaths.ControlRules, Json.RulesResponse);
            Assert.Equal(1, before!.Version);
            Assert.Equal(RuleKeys.All.Select(k => k.Name), before.Rules.Select(r => r.Key));
            Assert.Null(before.LastChange);

            using var response = await Set(http, Token, """{"key":"maxAmount","value":"50","reason":"INC-7"}""");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var changed = await response.Content.ReadFromJsonAsync(Json.SetRuleResponse);
            Assert.Equal((2L, "10000", "50", "INC-7"), (changed!.Change.Version, changed.Change.Old, changed.Change.New, changed.Change.Reason));
            Assert.StartsWith("token@", changed.Change.By, StringComparison.Ordinal);

            var after = await http.GetFromJsonAsync(ManagementPaths.ControlRules, Json.RulesResponse);
            Assert.Equal((2L, "50"), (after!.Version, after.Rules.Single(r => r.Key == RuleKeys.MaxAmount).Value));
            var history = await http.GetFromJsonAsync(ManagementPaths.ControlRulesHistory, Json.RulesHistoryResponse);
            Assert.Equal([2L], history!.Changes.Select(c => c.Version));
        }
    }

    [Theory]
    [InlineData("""{"key":"maxAmount","value":"abc","reason":"INC-7"}""", "maxAmount must be a decimal greater than 0, got 'abc'")]
    [InlineData("""{"key":"maxAmount","value":"50"}""", "a reason is required")]
    [InlineData("""{"key":"nope","value":"50","reason":"INC-7"}""", "there is no rule 'nope'")]
    [InlineData("""{"value":"50","reason":"INC-7"}""", "a rule change names a key and a value")]
    [InlineData("""not json""", "the body is not a rule change")]
    public async Task An_invalid_change_is_a_400_with_the_reason_and_nothing_changes(string body, string reason)
    {
        var (server, http) = await Serve();
        await using (server)
        using (http)
        {
            using var response = await Set(http, Token, body);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(reason, (await response.Content.ReadFromJsonAsync(Json.ErrorResponse))!.Error, StringComparison.Ordinal);
            Assert.Equal(1, (await http.GetFromJsonAsync(ManagementPaths.ControlRules, Json.RulesResponse))!.Version);
        }
    }

    [Fact]
    public async Task A_change_without_the_token_is_a_401_and_nothing_changes()
    {
        var (server, http) = await Serve();
        await using (server)
        using (http)
        {
            using var response = await Set(http, null, """{"key":"maxAmount","value":"50","reason":"INC-7"}""");

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal(1, (await http.GetFromJsonAsync(ManagementPaths.ControlRules, Json.RulesResponse))!.Version);
        }
    }

    [Fact]
    public async Task Node_answers_the_version_this_node_decides_with()
    {
        var (server, http) = await Serve();
        await using (server)
        using (http)
        {
            var node = await http.GetFromJsonAsync(ManagementPaths.ControlRulesNode, Json.NodeRulesResponse);

            Assert.Equal((7L, "akka://rules-routes-spec"), (node!.Version, node.Node));
            Assert.Equal("10000", node.Rules.Single(r => r.Key == RuleKeys.MaxAmount).Value);
        }
    }

    private sealed class Plane(IActorRef actor) : IRequiredActor<RulesPlane>
    {
        public IActorRef ActorRef => actor;

        public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(actor);
    }
}
