using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Akka.Payments.Management;
using Akka.Payments.Node.Control.Rules;
using Akka.Payments.Node.Rules;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Rules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Management;

/// <summary>
/// The control plane's live rules: <c>GET /control/rules</c> (the rules singleton's version and every rule),
/// <c>GET /control/rules/history</c> (every change, newest first), <c>GET /control/rules/node</c> (what this node
/// decides with now) and <c>POST /control/rules</c> (token required: set one rule, saying why; a change the rule book
/// refuses is a 400 with its reason, and nothing changes). 503 while the singleton moves.
/// </summary>
public sealed class RulesRoutes : IManagementRoutes
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public void Map(IEndpointRouteBuilder app, IServiceProvider host)
    {
        var json = ManagementJsonContext.Default;

        app.MapGet(ManagementPaths.ControlRules, (CancellationToken cancellation) =>
            SingletonAsk.Json<RulesPlane, RulesResponse>(host, new GetRules(), json.RulesResponse, "rules", AskTimeout, cancellation));

        app.MapGet(ManagementPaths.ControlRulesHistory, (CancellationToken cancellation) =>
            SingletonAsk.Json<RulesPlane, RulesHistoryResponse>(host, new GetRulesHistory(), json.RulesHistoryResponse, "rules", AskTimeout, cancellation));

        app.MapGet(ManagementPaths.ControlRulesNode, () =>
        {
            var rules = host.GetRequiredService<RulesHolder>().Current;
            // The cluster's self address on a cluster node (remoting's address; the system's without remoting).
            var node = ((ExtendedActorSystem)host.GetRequiredService<ActorSystem>()).Provider.DefaultAddress.ToString();
            return ManagementResults.Json(new NodeRulesResponse(node, rules.Version, RulesActor.Values(rules)), json.NodeRulesResponse);
        });

        app.MapPost(ManagementPaths.ControlRules, async (HttpRequest request, CancellationToken cancellation) =>
        {
            SetRuleRequest? body;
            try { body = await request.ReadFromJsonAsync(json.SetRuleRequest, cancellation); }
            catch (JsonException e) { return ManagementResults.Error($"the body is not a rule change {{key, value, reason}}: {e.Message}", StatusCodes.Status400BadRequest); }
            if (body is null || body.Key is null || body.Value is null)
                return ManagementResults.Error("a rule change names a key and a value: {key, value, reason}", StatusCodes.Status400BadRequest);
            var change = new ChangeRule(body.Key, body.Value, body.Reason ?? "", ManagementAuthorization.TokenHolder(request.HttpContext));
            return await SingletonAsk.Answer<RulesPlane>(host, change, "rules", AskTimeout, answer => answer switch
            {
                SetRuleResponse changed => ManagementResults.Json(changed, json.SetRuleResponse),
                RuleRefused refused => ManagementResults.Error(refused.Reason, StatusCodes.Status400BadRequest),
                var other => SingletonAsk.Unexpected(other),
            }, cancellation);
        }).RequireToken();
    }
}
