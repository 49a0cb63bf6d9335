using Spectre.Console;
using static Akka.Payments.Cmd.Invocation;

namespace Akka.Payments.Cmd.Palettes;

/// <summary><c>payments</c>: accounts as their entities see them, and how far the stream is behind Kafka.</summary>
public static class PaymentsPalette
{
    public static Palette Build() => new("payments", "accounts and the payment stream",
    [
        new("account", "<id>", "balance per currency, confirmed today, last outcomes", async i =>
        {
            i.AtMost(1);
            var id = i.Argument(0, "id");
            var doc = await i.Get($"/payments/accounts/{Uri.EscapeDataString(id)}");
            i.Show(doc, () =>
            {
                var today = Text(doc.GetProperty("today"));
                var confirmed = doc.GetProperty("confirmedToday");
                var balances = Table("currency", "balance", $"confirmed today ({today})");
                foreach (var b in doc.GetProperty("balances").EnumerateObject())
                    balances.AddRow(Cell(b.Name), Cell(b.Value), Cell(confirmed.TryGetProperty(b.Name, out var c) ? Text(c) : "0"));
                i.Line($"Account {Text(doc.GetProperty("accountId"))} ({Text(doc.GetProperty("events"))} events)");
                i.Write(balances);
                var outcomes = Table("outcome", "id", "amount", "currency", "balance after / reason", "processed at");
                foreach (var o in doc.GetProperty("lastOutcomes").EnumerateArray())
                    outcomes.AddRow(Cell(o.GetProperty("outcome")), Cell(o.GetProperty("id")), Cell(o.GetProperty("amount")),
                        Cell(o.GetProperty("currency")),
                        Cell(Text(o.GetProperty("reason")) is { Length: > 0 } reason ? reason : Text(o.GetProperty("balanceAfter"))),
                        Cell(o.GetProperty("processedAt")));
                i.Line("Last outcomes, newest first:");
                i.Write(outcomes);
            });
        }),
        new("lag", "", "per partition of the input topic: committed offset, end offset, lag", async i =>
        {
            i.AtMost(0);
            var doc = await i.Get("/payments/lag");
            i.Show(doc, () =>
            {
                var table = Table("topic", "partition", "committed", "end", "lag");
                foreach (var p in doc.GetProperty("partitions").EnumerateArray())
                    table.AddRow(Cell(p.GetProperty("topic")), Cell(p.GetProperty("partition")),
                        Cell(Text(p.GetProperty("committed")) is { Length: > 0 } c ? c : "-"), Cell(p.GetProperty("end")), Cell(p.GetProperty("lag")));
                i.Write(table);
                i.Line($"Total lag: {Text(doc.GetProperty("total"))} (group {Text(doc.GetProperty("groupId"))})");
            });
        }),
    ]);
}
