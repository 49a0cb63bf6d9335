using Akka.Payments.Node.Accounts;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Rules;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Akka.Payments.Node.Tests.Accounts;

public sealed class AccountStateProperties
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Currencies = ["EUR", "USD", "JPY"];

    /// <summary>One step of a random history: a credit or a payment, possibly reusing an earlier id.</summary>
    public sealed record Step(bool IsCredit, int IdSeed, int Cents, int CurrencyIndex, int SecondsAfterT0);

    private static Gen<Step> StepGen =>
        from isCredit in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
        from idSeed in Gen.Choose(0, 60)
        from cents in Gen.Choose(1, 1_500_000)
        from currency in Gen.Choose(0, Currencies.Length - 1)
        from seconds in Gen.Choose(0, 3 * 86_400)
        select new Step(isCredit, idSeed, cents, currency, seconds);

    public static Arbitrary<Step[]> Histories() => Arb.From(Gen.ArrayOf(StepGen));

    [Property(Arbitrary = [typeof(AccountStateProperties)], MaxTest = 300)]
    public void The_balance_equals_credits_minus_confirmed_payments_and_is_never_negative(Step[] steps)
    {
        var account = new AccountState("acc-1");
        var expected = new Dictionary<string, decimal>();
        var offset = 0;
        foreach (var step in steps)
        {
            var currency = Currencies[step.CurrencyIndex];
            var amount = step.Cents / 100m;
            IInputEvent input = step.IsCredit
                ? new AccountCredited($"c-{step.IdSeed}", "acc-1", amount, currency, T0)
                : new PaymentRequested($"p-{step.IdSeed}", "acc-1", "payee", amount, currency, "DE", T0.AddSeconds(step.SecondsAfterT0));
            var decision = account.Decide(new DecideEvent(input, new Lineage("e", $"t/0/{offset++}")), PaymentRules.Default, T0);
            if (decision is not Decision.Accepted accepted) continue;
            account.Apply(accepted.Event);
            switch (accepted.Event.Outcome)
            {
                case CreditApplied c: expected[c.Currency] = expected.GetValueOrDefault(c.Currency) + c.Amount; break;
                case PaymentConfirmed p: expected[p.Currency] = expected.GetValueOrDefault(p.Currency) - p.Amount; break;
            }
            Assert.All(account.Balances.Values, balance => Assert.True(balance >= 0, $"negative balance {balance}"));
        }
        foreach (var currency in Currencies)
            Assert.Equal(expected.GetValueOrDefault(currency), account.BalanceOf(currency));
    }

    [Property(Arbitrary = [typeof(AccountStateProperties)], MaxTest = 200)]
    public void Replaying_the_events_rebuilds_the_same_state_and_the_same_next_decision(Step[] steps)
    {
        var account = new AccountState("acc-1");
        var journal = new List<IAccountEvent>();
        var offset = 0;
        foreach (var step in steps)
        {
            IInputEvent input = step.IsCredit
                ? new AccountCredited($"c-{step.IdSeed}", "acc-1", step.Cents / 100m, "EUR", T0)
                : new PaymentRequested($"p-{step.IdSeed}", "acc-1", "payee", step.Cents / 100m, "EUR", "DE", T0.AddSeconds(step.SecondsAfterT0));
            if (account.Decide(new DecideEvent(input, new Lineage("e", $"t/0/{offset++}")), PaymentRules.Default, T0) is Decision.Accepted a)
            {
                account.Apply(a.Event);
                journal.Add(a.Event);
            }
        }
        var replayed = new AccountState("acc-1");
        journal.ForEach(replayed.Apply);

        Assert.Equal(account.Balances, replayed.Balances);
        var probe = new DecideEvent(new PaymentRequested("probe", "acc-1", "payee", 1m, "EUR", "DE", T0.AddDays(1)), new Lineage("e", "s"));
        Assert.Equal(account.Decide(probe, PaymentRules.Default, T0), replayed.Decide(probe, PaymentRules.Default, T0));
    }
}
