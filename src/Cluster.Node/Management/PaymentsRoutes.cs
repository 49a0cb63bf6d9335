using Akka.Actor;
using Akka.Hosting;
using Akka.Payments.Management;
using Akka.Payments.Node.Hosting;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Management;

/// <summary>
/// The <c>payments</c> palette: <c>GET /payments/accounts/{id}</c> (balances, confirmed today, last outcomes: asked
/// of the account's entity, wherever its shard lives) and <c>GET /payments/lag</c> (per partition of the input topic).
/// </summary>
public sealed class PaymentsRoutes : IManagementRoutes
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public void Map(IEndpointRouteBuilder app, IServiceProvider host)
    {
        var json = ManagementJsonContext.Default;

        app.MapGet(ManagementPaths.PaymentsAccount, async (string id, CancellationToken cancellation) =>
        {
            if (id.Length is < 1 or > 64)
                return ManagementResults.Error("an account id is 1 to 64 characters", StatusCodes.Status400BadRequest);
            var region = await host.GetRequiredService<IRequiredActor<AccountRegion>>().GetAsync(cancellation);
            var view = await region.Ask<AccountView>(new GetAccount(id), AskTimeout, cancellation);
            return ManagementResults.Json(new AccountResponse(
                view.AccountId,
                view.EventCount,
                view.Balances.OrderBy(b => b.Key).ToDictionary(b => b.Key, b => b.Value),
                view.Today.ToString("yyyy-MM-dd"),
                view.ConfirmedToday.OrderBy(b => b.Key).ToDictionary(b => b.Key, b => b.Value),
                view.LastOutcomes.Select(Describe).ToList()), json.AccountResponse);
        });

        app.MapGet(ManagementPaths.PaymentsLag, () =>
        {
            var kafka = host.GetRequiredService<KafkaInspector>();
            var lag = kafka.Lag();
            return ManagementResults.Json(new LagResponse(kafka.GroupId, lag, lag.Sum(p => p.Lag)), json.LagResponse);
        });
    }

    private static AccountOutcome Describe(IOutcomeEvent outcome) => outcome switch
    {
        CreditApplied c => new("credit applied", c.CreditId, c.Amount, c.Currency, c.BalanceAfter, null, c.ProcessedAt),
        PaymentConfirmed p => new("confirmed", p.PaymentId, p.Amount, p.Currency, p.BalanceAfter, null, p.ProcessedAt),
        PaymentDeclined d => new("declined", d.PaymentId, d.Amount, d.Currency, null, d.Reason, d.ProcessedAt),
        _ => new(outcome.GetType().Name, outcome.RequestId, 0m, "", null, null, outcome.ProcessedAt),
    };
}
