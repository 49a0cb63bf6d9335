using Akka.Payments.Shared.Management.Contracts;
using Spectre.Console;
using static Akka.Payments.Cmd.Invocation;

namespace Akka.Payments.Cmd.Palettes;

/// <summary><c>payments</c>: accounts as their entities see them, and how far the stream is behind Kafka.</summary>
public static class PaymentsPalette
{
    private static readonly ManagementJsonContext Contracts = ManagementJsonContext.Default;

    public static Palette Build() => new("payments", "accounts and the payment stream",
    [
        new("account", "<id>", "balance per currency, confirmed today, last outcomes", async i =>
        {
            i.AtMost(1);
            var id = i.Argument(0, "id");
            var reply = await i.Get(ManagementPaths.PaymentsAccountOf(id), Contracts.AccountResponse);
            i.Show(reply, doc =>
            {
                var balances = Table("currency", "balance", $"confirmed today ({doc.Today})");
                foreach (var (currency, balance) in doc.Balances)
                    balances.AddRow(Cell(currency), Cell(balance), Cell(doc.ConfirmedToday.TryGetValue(currency, out var c) ? Text(c) : "0"));
                i.Line($"Account {doc.AccountId} ({Text(doc.Events)} events)");
                i.Write(balances);
                var outcomes = Table("outcome", "id", "amount", "currency", "balance after / reason", "processed at");
                foreach (var o in doc.LastOutcomes)
                    outcomes.AddRow(Cell(o.Outcome), Cell(o.Id), Cell(o.Amount), Cell(o.Currency),
                        Cell(o.Reason is { Length: > 0 } reason ? reason : o.BalanceAfter is { } after ? Text(after) : ""),
                        Cell(Text(o.ProcessedAt)));
                i.Line("Last outcomes, newest first:");
                i.Write(outcomes);
            });
        }),
        new("lag", "", "per partition of the input topic: committed offset, end offset, lag", async i =>
        {
            i.AtMost(0);
            var reply = await i.Get(ManagementPaths.PaymentsLag, Contracts.LagResponse);
            i.Show(reply, doc =>
            {
                var table = Table("topic", "partition", "committed", "end", "lag");
                foreach (var p in doc.Partitions)
                    table.AddRow(Cell(p.Topic), Cell(p.Partition), Cell(p.Committed is { } c ? Text(c) : "-"), Cell(p.End), Cell(p.Lag));
                i.Write(table);
                i.Line($"Total lag: {Text(doc.Total)} (group {doc.GroupId})");
            });
        }),
    ]);
}
