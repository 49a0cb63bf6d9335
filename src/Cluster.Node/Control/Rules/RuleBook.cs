using Akka.Payments.Shared.Rules;
using Akka.Payments.Shared.Validation;

namespace Akka.Payments.Node.Control.Rules;

/// <summary>
/// The control plane's versioned rule set: the rules every account decides with, and every change that led to them
/// with who, when and why. Pure: no actor, no clock; <see cref="Decide"/> turns an operator's <see cref="SetRule"/>
/// into a <see cref="RuleChanged"/> or a refusal, <see cref="Apply"/> folds a journaled change in.
/// <list type="bullet">
/// <item>Each change is one rule and gives the next version (current + 1); a refused change (unknown key, invalid
/// value, no reason, the value the rule already has) changes nothing and uses up no version.</item>
/// <item>Changes apply in version order only: a journal whose change does not follow the current version stops the
/// recovery (<see cref="Apply"/> throws) rather than giving two different rule sets one version. So the control plane
/// must recover onto the same base every time: snapshot the book (<see cref="ToSnapshot"/>) when it starts with an empty
/// journal, so a later change of the <c>Rules:</c> configuration cannot shift the base under journaled changes. Rule
/// changes are rare, so a snapshot after every change costs nothing either.</item>
/// <item>The history is not bounded: an operator changes rules a few times a day at most, and the history is the
/// audit of the rule set (kilobytes in years). Bound it here if that ever stops being true.</item>
/// </list>
/// </summary>
public sealed class RuleBook
{
    /// <summary>Longest reason accepted, in characters.</summary>
    public const int MaxReasonLength = 500;

    private readonly List<RuleChanged> _history;

    /// <summary>A book that starts from <paramref name="initial"/> (the node's <c>Rules:</c> configuration), without
    /// history.</summary>
    public RuleBook(PaymentRules initial) : this(initial, []) { }

    private RuleBook(PaymentRules current, List<RuleChanged> history)
    {
        Current = current ?? throw new ArgumentNullException(nameof(current));
        _history = history;
    }

    /// <summary>The rules as of the latest change.</summary>
    public PaymentRules Current { get; private set; }

    /// <summary>Every change, oldest first.</summary>
    public IReadOnlyList<RuleChanged> History => _history;

    /// <summary>Every rule's current value, as <c>rules show</c> lists them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Show() => RuleKeys.Show(Current);

    /// <summary>Decides one change: the event to persist (the next version), or why it is refused.</summary>
    public RuleDecision Decide(SetRule command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var why = command.Reason?.Trim() ?? "";
        if (why.Length == 0)
            return new RuleDecision.Refused("a reason is required (--reason): say why the rule changes");
        if (InputLimits.CheckText(why.AsSpan(), MaxReasonLength) is { } problem)
            return new RuleDecision.Refused($"the reason {problem}");
        if (string.IsNullOrWhiteSpace(command.By))
            return new RuleDecision.Refused("a change needs to say who makes it (the token's name)");
        if (RuleKeys.Find(command.Key ?? "") is not { } key)
            return new RuleDecision.Refused(RuleKeys.Unknown(command.Key ?? ""));

        return key.Edit(Current, command.Value ?? "") switch
        {
            RuleEdit.Invalid invalid => new RuleDecision.Refused(invalid.Reason),
            RuleEdit.Unchanged unchanged => new RuleDecision.Refused(
                $"{key.Name} is already {unchanged.Value} (version {Current.Version}): nothing changes"),
            RuleEdit.Set set => new RuleDecision.Changed(new RuleChanged(
                key.Name, key.Render(Current), set.Value, Current.Version + 1, command.By.Trim(), command.At, why)),
            _ => throw new InvalidOperationException($"unknown edit of {key.Name}"),
        };
    }

    /// <summary>
    /// Folds a change in: its rule gets its new value and the rule set its version. Throws when the change does not
    /// follow the current version, or its value is no longer one the rule takes: the journal and the book disagree,
    /// and recovering anyway would give outcomes a version that means two rule sets.
    /// </summary>
    public void Apply(RuleChanged e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Version != Current.Version + 1)
            throw new InvalidOperationException(
                $"rule change to version {e.Version} ({e.Key}) does not follow the current version {Current.Version}");
        var key = RuleKeys.Find(e.Key)
            ?? throw new InvalidOperationException($"rule change to version {e.Version}: {RuleKeys.Unknown(e.Key)}");
        var rules = key.Edit(Current, e.NewValue) switch
        {
            RuleEdit.Set set => set.Rules,
            RuleEdit.Unchanged => Current,
            RuleEdit.Invalid invalid => throw new InvalidOperationException($"rule change to version {e.Version}: {invalid.Reason}"),
            _ => throw new InvalidOperationException($"unknown edit of {key.Name}"),
        };
        Current = rules with { Version = e.Version };
        _history.Add(e);
    }

    public RulesSnapshot ToSnapshot() => new(StoredRules.From(Current), _history.ToList());

    public static RuleBook FromSnapshot(RulesSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new RuleBook(snapshot.Rules.ToRules(), snapshot.History.ToList());
    }
}
