namespace Akka.Payments.Shared.Events;

/// <summary>
/// <c>payments.rules.updated.v1</c> on <see cref="Topics.Control"/>: the control plane changed one rule, giving the
/// rule set <see cref="Version"/>. Published once the change is journaled; after a crash, a change whose publication
/// was not journaled as delivered is published again with the same CloudEvents id (<c>rules-v{version}</c>).
/// </summary>
/// <param name="Version">The version of the rule set with this change; outcomes decided with it carry it as
/// <c>rulesVersion</c>.</param>
/// <param name="Key">The rule's name (<c>maxAmount</c>).</param>
/// <param name="Old">Its value before, as the rule book writes it (<c>-</c> for an empty list).</param>
/// <param name="New">Its value from this version on.</param>
/// <param name="By">Who changed it: the name of the management token the command came with.</param>
/// <param name="At">When the control plane accepted it.</param>
/// <param name="Reason">Why, as the operator said it.</param>
public sealed record RulesUpdated(long Version, string Key, string Old, string New, string By, DateTimeOffset At, string Reason);
