using System.Text.Json.Serialization;
using Akka.Payments.Shared.Serialization;

namespace Akka.Payments.Shared.Rules;

/// <summary>An event the control plane writes to its journal; replaying them through the pure rule book gives it back.</summary>
/// <remarks>Discriminators equal the serializer manifests: stable names, never CLR type names.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(RuleChanged), PaymentsManifests.ControlRuleChanged)]
[JsonDerivedType(typeof(RuleChangesDelivered), PaymentsManifests.ControlRuleChangesDelivered)]
public interface IControlEvent;

/// <summary>
/// An operator changed one rule: from <paramref name="OldValue"/> to <paramref name="NewValue"/> (both as
/// <see cref="RuleKey.Render"/> writes them, which <see cref="RuleKey.Edit"/> reads back), giving the rule set
/// <paramref name="Version"/>.
/// </summary>
/// <param name="Key">The rule's name (<see cref="RuleKeys"/>).</param>
/// <param name="Version">The version of the rule set with this change: the one before plus 1.</param>
/// <param name="By">Who changed it: the name of the token the command came with.</param>
/// <param name="At">When the control plane accepted it.</param>
/// <param name="Why">The operator's reason (<c>--reason</c>), never empty.</param>
public sealed record RuleChanged(
    string Key, string OldValue, string NewValue, long Version, string By, DateTimeOffset At, string Why) : IControlEvent;

/// <summary>The control plane's rule book: the current rules and every change that led to them, oldest first.</summary>
public sealed record RulesSnapshot(StoredRules Rules, IReadOnlyList<RuleChanged> History);

/// <summary>
/// <see cref="PaymentRules"/> as the journal and the wire hold them: the sets as lists sorted by ordinal, so that the
/// same rules are always the same bytes (a set's order is not defined), and no set type in the JSON.
/// </summary>
public sealed record StoredRules(
    long Version,
    decimal MaxAmount,
    decimal DailyLimit,
    int VelocityPerMinute,
    IReadOnlyList<string> AllowedCurrencies,
    IReadOnlyList<string> BlockedCountries,
    IReadOnlyList<string> BlockedAccounts)
{
    public static StoredRules From(PaymentRules rules) => new(
        rules.Version,
        rules.MaxAmount,
        rules.DailyLimit,
        rules.VelocityPerMinute,
        Sorted(rules.AllowedCurrencies),
        Sorted(rules.BlockedCountries),
        Sorted(rules.BlockedAccounts));

    public PaymentRules ToRules() => new()
    {
        Version = Version,
        MaxAmount = MaxAmount,
        DailyLimit = DailyLimit,
        VelocityPerMinute = VelocityPerMinute,
        AllowedCurrencies = AllowedCurrencies.ToHashSet(StringComparer.Ordinal),
        BlockedCountries = BlockedCountries.ToHashSet(StringComparer.Ordinal),
        BlockedAccounts = BlockedAccounts.ToHashSet(StringComparer.Ordinal),
    };

    private static List<string> Sorted(IReadOnlySet<string> set) => set.Order(StringComparer.Ordinal).ToList();
}

/// <summary>Kafka acknowledged the <c>payments.rules.updated.v1</c> records of every change up to version
/// <paramref name="Through"/>: the control plane's outbox is the changes after it.</summary>
public sealed record RuleChangesDelivered(long Through) : IControlEvent;

/// <summary>The rules singleton's snapshot: the book, and how far its changes are on Kafka.</summary>
/// <param name="DeliveredThrough">The version up to which changes are published on <c>payments.control</c>.</param>
public sealed record RulesPlaneSnapshot(RulesSnapshot Book, long DeliveredThrough);
