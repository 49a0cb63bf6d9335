using Akka.Actor;
using Akka.Hosting;
using Akka.Payments.Node.Hosting;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;
using Akka.Payments.Management;
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
        app.MapGet("/payments/accounts/{id}", async (string id, CancellationToken cancellation) =>
        {
            if (id.Length is < 1 or > 64)
                return Results.Json(new { error = "an account id is 1 to 64 characters" }, statusCode: 400);
            var region = await host.GetRequiredService<IRequiredActor<AccountRegion>>().GetAsync(cancellation);
            var view = await region.Ask<AccountView>(new GetAccount(id), AskTimeout, cancellation);
            return Results.Json(new
            {
                accountId = view.AccountId,
                events = view.EventCount,
                balances = view.Balances.OrderBy(b => b.Key).ToDictionary(b => b.Key, b => b.Value),
                today = view.Today.ToString("yyyy-MM-dd"),
                confirmedToday = view.ConfirmedToday.OrderBy(b => b.Key).ToDictionary(b => b.Key, b => b.Value),
                lastOutcomes = view.LastOutcomes.Select(Describe).ToList(),
            });
        });

        app.MapGet("/payments/lag", () =>
        {
            var lag = host.GetRequiredService<KafkaInspector>().Lag();
            return Results.Json(new { groupId = host.GetRequiredService<KafkaInspector>().GroupId, partitions = lag, total = lag.Sum(p => p.Lag) });
        });
    }

    private static object Describe(IOutcomeEvent outcome) => outcome switch
    {
        CreditApplied c => new { outcome = "credit applied", id = c.CreditId, c.Amount, c.Currency, balanceAfter = (decimal?)c.BalanceAfter, reason = (string?)null, c.ProcessedAt },
        PaymentConfirmed p => new { outcome = "confirmed", id = p.PaymentId, p.Amount, p.Currency, balanceAfter = (decimal?)p.BalanceAfter, reason = (string?)null, p.ProcessedAt },
        PaymentDeclined d => new { outcome = "declined", id = d.PaymentId, d.Amount, d.Currency, balanceAfter = (decimal?)null, reason = (string?)d.Reason, d.ProcessedAt },
        _ => new { outcome = outcome.GetType().Name, id = outcome.RequestId, Amount = 0m, Currency = "", balanceAfter = (decimal?)null, reason = (string?)null, outcome.ProcessedAt },
    };
}
