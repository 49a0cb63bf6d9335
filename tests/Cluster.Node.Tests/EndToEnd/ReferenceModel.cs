using Akka.Payments.Shared.Events;

namespace Akka.Payments.Node.Tests.EndToEnd;

/// <summary>What the test expects for one request: credit applied, confirmed, or declined with a reason.</summary>
public sealed record ExpectedOutcome(string Kind, string? Reason, decimal? BalanceAfter);

/// <summary>
/// An independent model of the rules, written plainly for the test: it keeps every confirmed payment, recomputes
/// windows by scanning, and knows nothing of the production code's data structures. The limits default to the
/// node's defaults; a spec that starts its node with other <c>Rules__*</c> values passes the same ones here.
/// </summary>
public sealed class ReferenceModel(decimal maxAmount = 10_000m, int velocityPerMinute = 60, decimal dailyLimit = 50_000m)
{
    private static readonly HashSet<string> Allowed = ["EUR", "USD", "GBP", "CHF"];
    private readonly Dictionary<(string Account, string Currency), decimal> _balances = new();
    private readonly List<(string Account, string Currency, DateTimeOffset At, decimal Amount)> _confirmed = new();
    private readonly Dictionary<(string Account, string Id, bool Credit), ExpectedOutcome> _decided = new();

    public IReadOnlyDictionary<(string Account, string Id, bool Credit), ExpectedOutcome> Decided => _decided;

    public IReadOnlyDictionary<(string Account, string Currency), decimal> Balances => _balances;

    public static (string Account, string Id, bool Credit) KeyOf(IInputEvent input) =>
        (input.AccountId, input.RequestId, input is AccountCredited);

    public void Apply(IInputEvent input)
    {
        var key = KeyOf(input);
        if (_decided.ContainsKey(key)) return; // a duplicate changes nothing
        _decided[key] = input switch
        {
            AccountCredited c => Credit(c),
            PaymentRequested p => Pay(p),
            _ => throw new InvalidOperationException(),
        };
    }

    private ExpectedOutcome Credit(AccountCredited c)
    {
        var balance = _balances.GetValueOrDefault((c.AccountId, c.Currency)) + c.Amount;
        _balances[(c.AccountId, c.Currency)] = balance;
        return new ExpectedOutcome("credit", null, balance);
    }

    private ExpectedOutcome Pay(PaymentRequested p)
    {
        var balance = _balances.GetValueOrDefault((p.AccountId, p.Currency));
        var mine = _confirmed.Where(c => c.Account == p.AccountId).ToList();
        var inLastMinute = mine.Count(c => c.At > p.RequestedAt.AddSeconds(-60) && c.At <= p.RequestedAt);
        var today = mine.Where(c => c.Currency == p.Currency && c.At.UtcDateTime.Date == p.RequestedAt.UtcDateTime.Date).Sum(c => c.Amount);
        string? reason =
            !Allowed.Contains(p.Currency) ? DeclineReasons.CurrencyNotAllowed
            : p.Amount > maxAmount ? DeclineReasons.AmountOverLimit
            : inLastMinute >= velocityPerMinute ? DeclineReasons.VelocityExceeded
            : today + p.Amount > dailyLimit ? DeclineReasons.DailyLimitExceeded
            : balance < p.Amount ? DeclineReasons.InsufficientFunds
            : null;
        if (reason is not null) return new ExpectedOutcome("declined", reason, null);
        _balances[(p.AccountId, p.Currency)] = balance - p.Amount;
        _confirmed.Add((p.AccountId, p.Currency, p.RequestedAt, p.Amount));
        return new ExpectedOutcome("confirmed", null, balance - p.Amount);
    }

    public static ExpectedOutcome Summarise(IOutcomeEvent outcome) => outcome switch
    {
        CreditApplied c => new ExpectedOutcome("credit", null, c.BalanceAfter),
        PaymentConfirmed p => new ExpectedOutcome("confirmed", null, p.BalanceAfter),
        PaymentDeclined d => new ExpectedOutcome("declined", d.Reason, null),
        _ => throw new InvalidOperationException(),
    };
}
