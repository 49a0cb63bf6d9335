using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Rules;

namespace Akka.Payments.Node.Accounts;

/// <summary>
/// One account's state and the one place where an account decides a payment.
/// <see cref="Decide"/> is pure: it reads the state, the input and the rules, never the wall clock, and returns
/// what happened. <see cref="Apply"/> folds an event into the state; it is the only method that changes it, and the
/// journal replays through it on recovery.
/// </summary>
public sealed class AccountState
{
    /// <summary>How far back (behind the latest requestedAt) confirmed payment times and daily totals are kept.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(2);

    private static readonly TimeSpan VelocityWindow = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, decimal> _balances = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Currency, DateOnly Day), decimal> _dailyTotals = new();
    private readonly List<DateTimeOffset> _confirmedAt = new(); // sorted ascending
    private readonly DeduplicationWindow _recent;

    public AccountState(string accountId, int dedupWindow = DeduplicationWindow.DefaultCapacity)
    {
        AccountId = accountId;
        _recent = new DeduplicationWindow(dedupWindow);
    }

    public string AccountId { get; }

    /// <summary>Events applied since the account was opened.</summary>
    public long EventCount { get; private set; }

    public IReadOnlyDictionary<string, decimal> Balances => _balances;

    public decimal BalanceOf(string currency) => _balances.GetValueOrDefault(currency);

    public decimal ConfirmedOn(string currency, DateOnly day) => _dailyTotals.GetValueOrDefault((currency, day));

    /// <summary>Per currency, the payments confirmed with a requestedAt on <paramref name="day"/> (UTC).</summary>
    public IReadOnlyDictionary<string, decimal> ConfirmedOn(DateOnly day) =>
        _dailyTotals.Where(kv => kv.Key.Day == day).ToDictionary(kv => kv.Key.Currency, kv => kv.Value, StringComparer.Ordinal);

    /// <summary>The latest events, oldest first.</summary>
    public IEnumerable<IAccountEvent> RecentEvents => _recent.InOrder;

    /// <summary>Decides one input event. The result is either a new event to persist and apply, or the outcome the
    /// same request got before.</summary>
    public Decision Decide(DecideEvent command, PaymentRules rules, DateTimeOffset processedAt)
    {
        if (_recent.Find(command.Input) is { } earlier)
            return new Decision.Duplicate(earlier.Outcome);

        IAccountEvent recorded = command.Input switch
        {
            AccountCredited credit => new CreditRecorded(new CreditApplied(
                credit.CreditId, credit.AccountId, credit.Amount, credit.Currency,
                BalanceOf(credit.Currency) + credit.Amount,
                command.Lineage.EventId, command.Lineage.Source, processedAt)),
            PaymentRequested payment => DecidePayment(payment, command.Lineage, rules, processedAt),
            _ => throw new ArgumentException($"Unknown input event {command.Input.GetType().Name}", nameof(command)),
        };
        return new Decision.Accepted(recorded);
    }

    private IAccountEvent DecidePayment(PaymentRequested p, Lineage lineage, PaymentRules rules, DateTimeOffset processedAt)
    {
        var reason = DeclineReason(p, rules);
        if (reason is not null)
            return new PaymentDeclinedRecorded(new PaymentDeclined(
                p.PaymentId, p.AccountId, p.Amount, p.Currency, reason, rules.Version,
                lineage.EventId, lineage.Source, processedAt));

        return new PaymentConfirmedRecorded(new PaymentConfirmed(
            p.PaymentId, p.AccountId, p.Amount, p.Currency, BalanceOf(p.Currency) - p.Amount, rules.Version,
            lineage.EventId, lineage.Source, processedAt), p.RequestedAt);
    }

    /// <summary>The first rule, in precedence order, that declines the payment; null when it is confirmed.</summary>
    private string? DeclineReason(PaymentRequested p, PaymentRules rules)
    {
        if (!rules.AllowedCurrencies.Contains(p.Currency)) return DeclineReasons.CurrencyNotAllowed;
        if (rules.BlockedCountries.Contains(p.Country)) return DeclineReasons.CountryBlocked;
        if (rules.BlockedAccounts.Contains(p.AccountId)) return DeclineReasons.AccountBlocked;
        if (p.Amount > rules.MaxAmount) return DeclineReasons.AmountOverLimit;
        if (ConfirmedInWindowUpTo(p.RequestedAt) >= rules.VelocityPerMinute) return DeclineReasons.VelocityExceeded;
        if (ConfirmedOn(p.Currency, DayOf(p.RequestedAt)) + p.Amount > rules.DailyLimit) return DeclineReasons.DailyLimitExceeded;
        if (BalanceOf(p.Currency) - p.Amount < 0) return DeclineReasons.InsufficientFunds;
        return null;
    }

    /// <summary>Confirmed payments whose requestedAt lies in (t - 60 s, t].</summary>
    private int ConfirmedInWindowUpTo(DateTimeOffset t)
    {
        var upTo = UpperBound(t);
        var after = UpperBound(t - VelocityWindow);
        return upTo - after;
    }

    /// <summary>Index of the first confirmed time later than <paramref name="t"/>.</summary>
    private int UpperBound(DateTimeOffset t)
    {
        int lo = 0, hi = _confirmedAt.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_confirmedAt[mid] <= t) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static DateOnly DayOf(DateTimeOffset t) => DateOnly.FromDateTime(t.UtcDateTime);

    /// <summary>Folds one event into the state.</summary>
    public void Apply(IAccountEvent e)
    {
        switch (e)
        {
            case CreditRecorded c:
                _balances[c.Outcome.Currency] = c.Outcome.BalanceAfter;
                break;
            case PaymentConfirmedRecorded p:
                _balances[p.Outcome.Currency] = p.Outcome.BalanceAfter;
                var day = (p.Outcome.Currency, DayOf(p.RequestedAt));
                _dailyTotals[day] = _dailyTotals.GetValueOrDefault(day) + p.Outcome.Amount;
                _confirmedAt.Insert(UpperBound(p.RequestedAt), p.RequestedAt);
                Prune(_confirmedAt[^1]);
                break;
            case PaymentDeclinedRecorded:
                break;
            default:
                throw new ArgumentException($"Unknown account event {e.GetType().Name}", nameof(e));
        }
        _recent.Add(e);
        EventCount++;
    }

    /// <summary>Forgets confirmed times and daily totals far behind the latest payment: they can no longer matter
    /// to a payment requested in order, and the state stays bounded.</summary>
    private void Prune(DateTimeOffset latest)
    {
        var horizon = latest - History;
        var stale = UpperBound(horizon);
        if (stale > 0) _confirmedAt.RemoveRange(0, stale);

        var oldestDay = DayOf(horizon);
        if (_dailyTotals.Count > 8)
            foreach (var key in _dailyTotals.Keys.Where(k => k.Day < oldestDay).ToList())
                _dailyTotals.Remove(key);
    }

    public AccountSnapshot ToSnapshot() => new(
        AccountId,
        new Dictionary<string, decimal>(_balances),
        _dailyTotals.Select(kv => new DailyTotal(kv.Key.Currency, kv.Key.Day, kv.Value)).ToList(),
        _confirmedAt.ToList(),
        _recent.InOrder.ToList(),
        EventCount);

    public static AccountState FromSnapshot(AccountSnapshot snapshot, int dedupWindow = DeduplicationWindow.DefaultCapacity)
    {
        var state = new AccountState(snapshot.AccountId, dedupWindow);
        foreach (var (currency, balance) in snapshot.Balances) state._balances[currency] = balance;
        foreach (var total in snapshot.DailyTotals) state._dailyTotals[(total.Currency, total.Day)] = total.Total;
        state._confirmedAt.AddRange(snapshot.RecentConfirmedAt.Order());
        foreach (var e in snapshot.RecentEvents) state._recent.Add(e);
        state.EventCount = snapshot.EventCount;
        return state;
    }
}
