namespace Akka.Payments.Shared.Management.Contracts;

/// <summary>One rule and its value, as <c>payctl control rules show</c> lists it.</summary>
/// <param name="Key">The rule's name (<c>maxAmount</c>), as <c>rules set</c> takes it.</param>
/// <param name="Value">Its value as the rule book writes it (<c>-</c> for an empty list).</param>
/// <param name="Expected">What the rule takes, as a phrase.</param>
public sealed record RuleValue(string Key, string Value, string Expected);

/// <summary>One change of the rule set: <paramref name="Key"/> from <paramref name="Old"/> to <paramref name="New"/>,
/// giving the rule set <paramref name="Version"/>, by whom, when and why.</summary>
public sealed record RuleChangeView(long Version, string Key, string Old, string New, string By, DateTimeOffset At, string Reason);

/// <summary><c>GET /control/rules</c>: the control plane's current rule set.</summary>
/// <param name="Host">The cluster address of the node that hosts the rules singleton.</param>
/// <param name="LastChange">The change that gave <paramref name="Version"/>; null while the rules are the ones the
/// plane started with.</param>
public sealed record RulesResponse(string Host, long Version, IReadOnlyList<RuleValue> Rules, RuleChangeView? LastChange);

/// <summary><c>GET /control/rules/history</c>: every change, newest first.</summary>
public sealed record RulesHistoryResponse(string Host, long Version, IReadOnlyList<RuleChangeView> Changes);

/// <summary><c>GET /control/rules/node</c>: the rules the answering node decides with now (it converges on the
/// control plane's version within a pull interval).</summary>
/// <param name="Node">The answering node's cluster address.</param>
public sealed record NodeRulesResponse(string Node, long Version, IReadOnlyList<RuleValue> Rules);

/// <summary>The body of <c>POST /control/rules</c> (token required): set one rule, saying why.</summary>
public sealed record SetRuleRequest(string Key, string Value, string Reason);

/// <summary>The answer to an accepted <c>POST /control/rules</c>: the change, journaled and being spread.</summary>
public sealed record SetRuleResponse(string Host, RuleChangeView Change);
