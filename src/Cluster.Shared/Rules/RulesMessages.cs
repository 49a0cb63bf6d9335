using Akka.Payments.Shared.Management.Contracts;

namespace Akka.Payments.Shared.Rules;

/// <summary>A question or command to the control plane's rules singleton (through its proxy, from any node), or what
/// it spreads to every node.</summary>
public interface IRulesMessage;

/// <summary>Answered with <see cref="RulesResponse"/>.</summary>
public sealed record GetRules : IRulesMessage;

/// <summary>Answered with <see cref="RulesHistoryResponse"/>.</summary>
public sealed record GetRulesHistory : IRulesMessage;

/// <summary>An operator's change of one rule; answered with <see cref="SetRuleResponse"/> or <see cref="RuleRefused"/>.</summary>
/// <param name="By">Who: the name of the token the command came with.</param>
public sealed record ChangeRule(string Key, string Value, string Reason, string By) : IRulesMessage;

/// <summary>The change was not made (unknown key, invalid value, no reason, the value the rule has): nothing changed.</summary>
public sealed record RuleRefused(string Reason) : IRulesMessage;

/// <summary>A node asks for the current rules (at start and every <c>Payments:Control:RulesPullEvery</c>); answered
/// with <see cref="RulesUpdate"/>.</summary>
public sealed record PullRules : IRulesMessage;

/// <summary>
/// The control plane's rules at <c>Rules.Version</c>: published to every node after each change, and the answer to
/// <see cref="PullRules"/>. A node swaps them in only when newer than its own.
/// </summary>
/// <param name="Change">The change that gave this version; null for the rules the plane started with.</param>
public sealed record RulesUpdate(StoredRules Rules, RuleChanged? Change) : IRulesMessage;
