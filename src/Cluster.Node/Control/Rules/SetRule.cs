namespace Akka.Payments.Node.Control.Rules;

/// <summary>
/// An operator's change of one rule (<c>payctl control rules set &lt;key&gt; &lt;value&gt; --reason ...</c>), as the
/// control plane hands it to <see cref="RuleBook.Decide"/>: the clock and the caller are read by the shell, so the
/// book stays pure.
/// </summary>
/// <param name="Key">A name of <see cref="Shared.Rules.RuleKeys"/>, in any case.</param>
/// <param name="Value">The value as typed; <c>-</c> or an empty value empties a blocking list.</param>
/// <param name="Reason">Why (<c>--reason</c>): required.</param>
/// <param name="By">The name of the token the command came with.</param>
/// <param name="At">When the control plane received it.</param>
public sealed record SetRule(string Key, string Value, string Reason, string By, DateTimeOffset At);
