using Akka.Payments.Node.Accounts.Idempotency;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Rules;
using Akka.Payments.Shared.Validation;

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

    /// <summary>The largest balance an account may hold in one currency (the edge's limit on outcome balances); a
    /// credit beyond it is not applied.</summary>
    public const decimal MaxBalance = InputLimits.MaxBalance;

    /// <summary>The largest amount one credit or payment may carry (as the edge enforces).</summary>
    public const decimal MaxAmount = InputLimits.MaxAmount;

    /// <summary>How long a decided request id is recognised by default, however many requests came since.</summary>
    public static readonly TimeSpan DefaultIdempotencyRetention = TimeSpan.FromDays(30);

    private readonly Dictionary<string, decimal> _balances = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Currency, DateOnly Day), decimal> _dailyTotals = new();
    private readonly ConfirmedTimes _confirmed = new();
    private readonly DeduplicationWindow _recent;
    private RequestFilter _decided;

    /// <summary>How many of the window's oldest events the request index lacks: those an account recovered from a
    /// snapshot written before durable idempotency. Only these go into a snapshot; the rest are in the journal and the
    /// index, and a duplicate of one is found there after a recovery.</summary>
    private int _unindexedRecent;

    public AccountState(string accountId, int dedupWindow = DeduplicationWindow.DefaultCapacity, TimeSpan? idempotencyRetention = null)
    {
        AccountId = accountId;
        _recent = new DeduplicationWindow(dedupWindow);
        _decided = new RequestFilter(idempotencyRetention ?? DefaultIdempotencyRetention);
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

    /// <summary>
    /// Decides one input event: a new event to persist and apply; the outcome the same request got before, when it
    /// is in the recent window; <see cref="Decision.CheckHistory"/> when the filter says the request may have been
    /// decided longer ago (the entity then asks the request index and calls <see cref="DecideNew"/> if it was not);
    /// or <see cref="Decision.Failed"/> for an input the account cannot apply.
    /// </summary>
    public Decision Decide(DecideEvent command, PaymentRules rules, DateTimeOffset processedAt)
    {
        var key = RequestKey.Of(command.Input);
        if (_recent.Find(key) is { } earlier)
            return new Decision.Duplicate(earlier.Outcome);
        if (_decided.MightContain(key))
            return new Decision.CheckHistory(key);
        return DecideNew(command, rules, processedAt);
    }

    /// <summary>Decides an input known not to have been decided within the retention.</summary>
    public Decision DecideNew(DecideEvent command, PaymentRules rules, DateTimeOffset processedAt)
    {
        if (Unappliable(command.Input) is { } error) return new Decision.Failed(error);

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

    /// <summary>Why the arithmetic of this account cannot take the input, or null. The edge rejects such inputs
    /// already; this keeps the entity safe from any other sender (a replay tool, a bug), so that Apply never throws.</summary>
    private string? Unappliable(IInputEvent input) => input switch
    {
        { AccountId: var id } when id != AccountId => $"the input is for account '{id}', not '{AccountId}'",
        AccountCredited c when c.Amount is <= 0 or > MaxAmount => $"credit amount {c.Amount} is outside (0, {MaxAmount}]",
        AccountCredited c when BalanceOf(c.Currency) > MaxBalance - c.Amount =>
            $"the credit would raise the {c.Currency} balance above the maximum of {MaxBalance}",
        PaymentRequested p when p.Amount is <= 0 or > MaxAmount => $"payment amount {p.Amount} is outside (0, {MaxAmount}]",
        PaymentRequested p when !InputLimits.IsInTimeRange(p.RequestedAt) =>
            $"requestedAt {p.RequestedAt:O} is not {InputLimits.TimeRangeText}",
        AccountCredited or PaymentRequested => null,
        _ => $"unknown input event {input.GetType().Name}",
    };

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
    private int ConfirmedInWindowUpTo(DateTimeOffset t) =>
        _confirmed.CountIn(t.UtcTicks - VelocityWindow.Ticks, t.UtcTicks);

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
                _confirmed.Add(p.RequestedAt.UtcTicks);
                Prune(new DateTimeOffset(_confirmed.Latest, TimeSpan.Zero));
                break;
            case PaymentDeclinedRecorded:
                break;
            default:
                throw new ArgumentException($"Unknown account event {e.GetType().Name}", nameof(e));
        }
        Remember(e);
        _decided.Add(RequestKey.Of(e.Outcome), e.Outcome.ProcessedAt);
        EventCount++;
    }

    /// <summary>Forgets confirmed times and daily totals far behind the latest payment: they can no longer matter
    /// to a payment requested in order, and the state stays bounded.</summary>
    private void Prune(DateTimeOffset latest)
    {
        var horizon = latest - History;
        _confirmed.ForgetUpTo(horizon.UtcTicks);

        var oldestDay = DayOf(horizon);
        if (_dailyTotals.Count > 8)
            foreach (var key in _dailyTotals.Keys.Where(k => k.Day < oldestDay).ToList())
                _dailyTotals.Remove(key);
    }

    /// <summary>Seals the next stage of the request filter that can no longer change, for the caller to journal at
    /// <paramref name="sequenceNr"/>, and returns the event that does; null when there is none. Snapshots carry only
    /// that number from now on instead of the stage's bits.</summary>
    public RequestFilterStageSealed? SealNextFilterStage(long sequenceNr) => _decided.SealNext(sequenceNr);

    /// <summary>On a replay, folds in a journaled filter stage: snapshots refer to <paramref name="sequenceNr"/>
    /// instead of carrying its bits. Not a decision: no event is counted.</summary>
    public void Apply(RequestFilterStageSealed e, long sequenceNr) => _decided.Sealed(e, sequenceNr);

    /// <summary>The sequence numbers of the journaled filter stages this state still needs, after a recovery from a
    /// snapshot (<see cref="LoadFilterStage"/>); meanwhile every request is sent to the history.</summary>
    public IReadOnlyList<long> PendingFilterStages => _decided.Pending;

    /// <summary>Gives the filter a journaled stage it is waiting for; false when it waits for no stage at <paramref name="sequenceNr"/>.</summary>
    public bool LoadFilterStage(RequestFilterStageSealed e, long sequenceNr) => _decided.Load(e, sequenceNr);

    /// <summary>Adds an event to the recent window; the unindexed events are the oldest, so they leave it first.</summary>
    private void Remember(IAccountEvent e) =>
        _unindexedRecent = Math.Max(0, _unindexedRecent - _recent.Add(e));

    /// <summary>The state to store. Of the recent window, only the events the index lacks (usually none): the others
    /// are in the journal, and after a recovery a duplicate of one is flagged by the filter and found in the index.</summary>
    public AccountSnapshot ToSnapshot() => new(
        AccountId,
        new Dictionary<string, decimal>(_balances),
        _dailyTotals.Select(kv => new DailyTotal(kv.Key.Currency, kv.Key.Day, kv.Value)).ToList(),
        [],
        _recent.InOrder.Take(_unindexedRecent).ToList(),
        EventCount,
        _decided.ToSnapshot(),
        _unindexedRecent,
        _confirmed.Pack());

    public static AccountState FromSnapshot(AccountSnapshot snapshot, int dedupWindow = DeduplicationWindow.DefaultCapacity, TimeSpan? idempotencyRetention = null)
    {
        var state = new AccountState(snapshot.AccountId, dedupWindow, idempotencyRetention);
        state._decided = RequestFilter.FromSnapshot(snapshot.RequestFilter, state._decided.Retention);
        foreach (var (currency, balance) in snapshot.Balances) state._balances[currency] = balance;
        foreach (var total in snapshot.DailyTotals) state._dailyTotals[(total.Currency, total.Day)] = total.Total;
        foreach (var at in snapshot.RecentConfirmedAt.Order()) state._confirmed.Add(at.UtcTicks);
        if (snapshot.ConfirmedPacked is { } packed) PackedTicks.Read(packed, DateTimeOffset.MaxValue.UtcTicks, state._confirmed.Add);
        // A snapshot from before durable idempotency has no filter, and the index lacks its recent decisions: they
        // stay in the window (and in the snapshots after) until newer events push them out. A v1 snapshot with a
        // filter holds the whole window, all of it indexed; a v2 snapshot holds only the unindexed events.
        state._unindexedRecent = snapshot.RequestFilter is null ? snapshot.RecentEvents.Count
            : snapshot.UnindexedRecent is null ? 0 : snapshot.RecentEvents.Count;
        foreach (var e in snapshot.RecentEvents)
        {
            state.Remember(e);
            if (snapshot.RequestFilter is null) state._decided.Add(RequestKey.Of(e.Outcome), e.Outcome.ProcessedAt);
        }
        state.EventCount = snapshot.EventCount;
        return state;
    }
}
