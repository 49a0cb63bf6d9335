using Akka.Payments.Shared.Management.Contracts;
using Spectre.Console;
using static Akka.Payments.Cmd.Invocation;

namespace Akka.Payments.Cmd.Palettes;

/// <summary><c>control</c>: the control plane. The <c>rules</c> group is the live rule set every account decides with:
/// <c>show</c> and <c>history</c> read the rules singleton, <c>node</c> what the answering node decides with now, and
/// <c>set</c> changes one rule (token required; a value the rule does not take is refused and nothing changes). The
/// autoscaling commands (<c>status</c>, <c>scale</c>, <c>autoscale</c>) are <see cref="ScaleCommands"/>.</summary>
public static class ControlPalette
{
    private static readonly ManagementJsonContext Contracts = ManagementJsonContext.Default;

    public static Palette Build() => new("control", "the control plane: the live rules every account decides with, and autoscaling (status, manual scale, autoscale on|off)",
    [
        new("rules show", "", "the rule set's version and every rule with its value", async i =>
        {
            i.AtMost(0);
            var reply = await i.Get(ManagementPaths.ControlRules, Contracts.RulesResponse);
            i.Show(reply, doc =>
            {
                Values(i, doc.Rules);
                i.Line($"Rules version {Text(doc.Version)} (rules plane on {doc.Host})");
                i.Line(doc.LastChange is { } last ? $"Last change: {Change(last)}" : "No change yet: the rules the plane started with.");
            });
        }),
        new("rules set", "<key> <value> --reason \"text\"", "change one rule, saying why ('-' empties a list); every node applies it within seconds", async i =>
        {
            i.AtMost(2);
            var key = i.Argument(0, "key");
            var value = i.Argument(1, "value");
            var reason = i.OptionalOption("--reason") is { } r && !string.IsNullOrWhiteSpace(r)
                ? r
                : throw new UsageException("a rule change says why: --reason \"text\"");
            var reply = await i.Post(ManagementPaths.ControlRules, new SetRuleRequest(key, value, reason), Contracts.SetRuleRequest, Contracts.SetRuleResponse);
            i.Show(reply, doc =>
            {
                i.Line($"Rules version {Text(doc.Change.Version)}: {doc.Change.Key} {doc.Change.Old} -> {doc.Change.New}");
                i.Line($"By {doc.Change.By} at {Text(doc.Change.At)}: {doc.Change.Reason} (rules plane on {doc.Host})");
            });
        }, "--reason"),
        new("rules history", "", "every change of the rules, newest first: version, when, who, the old and the new value, why", async i =>
        {
            i.AtMost(0);
            var reply = await i.Get(ManagementPaths.ControlRulesHistory, Contracts.RulesHistoryResponse);
            i.Show(reply, doc =>
            {
                if (doc.Changes.Count == 0) i.Line("No change yet: the rules the plane started with.");
                else
                {
                    var table = Table("version", "at", "key", "old", "new", "by", "reason");
                    foreach (var c in doc.Changes)
                        table.AddRow(Cell(c.Version), Cell(Text(c.At)), Cell(c.Key), Cell(c.Old), Cell(c.New), Cell(c.By), Cell(c.Reason));
                    i.Write(table);
                }
                i.Line($"Rules version {Text(doc.Version)} (rules plane on {doc.Host})");
            });
        }),
        new("rules node", "", "the rules the answering node decides with now (its version converges on the plane's)", async i =>
        {
            i.AtMost(0);
            var reply = await i.Get(ManagementPaths.ControlRulesNode, Contracts.NodeRulesResponse);
            i.Show(reply, doc =>
            {
                Values(i, doc.Rules);
                i.Line($"Rules version {Text(doc.Version)} on {doc.Node}");
            });
        }),
        .. ScaleCommands.List,
    ]);

    private static void Values(Invocation i, IReadOnlyList<RuleValue> rules)
    {
        var table = Table("rule", "value", "takes");
        foreach (var r in rules) table.AddRow(Cell(r.Key), Cell(r.Value), Cell(r.Expected));
        i.Write(table);
    }

    private static string Change(RuleChangeView c) =>
        $"version {Text(c.Version)}, {c.Key} {c.Old} -> {c.New}, by {c.By} at {Text(c.At)}: {c.Reason}";
}
