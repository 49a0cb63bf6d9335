using System.Globalization;
using System.Text;
using Akka.Actor;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Serialization;

namespace Akka.Payments.Shared.Tests;

public sealed class PaymentsSerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("serialization", PaymentsSerialization.Config);

    private static readonly Lineage Lineage = new("ev-1", "payments.requested/3/42");

    private static AccountSnapshot Snapshot => new(
        "acc-1",
        new Dictionary<string, decimal> { ["EUR"] = 1230.85m, ["USD"] = 0.10m },
        [new DailyTotal("EUR", new DateOnly(2026, 11, 26), 19.90m)],
        [Samples.Time, Samples.Time.AddSeconds(1)],
        [new CreditRecorded(Samples.CreditApplied), new PaymentConfirmedRecorded(Samples.Confirmed, Samples.Time),
            new PaymentDeclinedRecorded(Samples.Declined)],
        42);

    private static AccountView View => new(
        "acc-1", new Dictionary<string, decimal> { ["EUR"] = 1230.85m }, [Samples.CreditApplied, Samples.Confirmed, Samples.Declined], 3,
        new DateOnly(2026, 11, 26), new Dictionary<string, decimal> { ["EUR"] = 25.50m });

    public static IEnumerable<object[]> Messages() =>
    [
        [new DecideEvent(Samples.Credit, Lineage), PaymentsManifests.DecideEvent],
        [new DecideEvent(Samples.Payment, Lineage), PaymentsManifests.DecideEvent],
        [new GetAccount("acc-1"), PaymentsManifests.GetAccount],
        [Samples.CreditApplied, "payments.credit.applied.v1"],
        [Samples.Confirmed, "payments.payment.confirmed.v1"],
        [Samples.Declined, "payments.payment.declined.v1"],
        [Samples.Credit, "payments.account.credited.v1"],
        [Samples.Payment, "payments.payment.requested.v1"],
        [new CreditRecorded(Samples.CreditApplied), "journal.credit-recorded.v1"],
        [new PaymentConfirmedRecorded(Samples.Confirmed, Samples.Time), "journal.payment-confirmed.v1"],
        [new PaymentDeclinedRecorded(Samples.Declined), "journal.payment-declined.v1"],
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_record_message_round_trips_exactly_under_its_stable_manifest(object message, string manifest)
    {
        var back = RoundTrip(message, manifest);

        Assert.Equal(message, back);
        Assert.Equal(Json(message), Json(back)); // exact: decimal scale and time offsets included
    }

    [Fact]
    public void An_account_view_round_trips_with_its_polymorphic_outcomes()
    {
        var back = (AccountView)RoundTrip(View, "account.view.v2");

        Assert.Equal(View.LastOutcomes, back.LastOutcomes);
        Assert.Equal(View.Balances, back.Balances);
        Assert.Equal((View.Today, View.ConfirmedToday["EUR"]), (back.Today, back.ConfirmedToday["EUR"]));
        Assert.Equal((View.AccountId, View.EventCount), (back.AccountId, back.EventCount));
    }

    [Fact]
    public void A_snapshot_round_trips_with_its_polymorphic_events()
    {
        var back = (AccountSnapshot)RoundTrip(Snapshot, "journal.snapshot.v3");

        Assert.Equal(Snapshot.RecentEvents, back.RecentEvents);
        Assert.Equal(Snapshot.Balances, back.Balances);
        Assert.Equal(Snapshot.DailyTotals, back.DailyTotals);
        Assert.Equal(Snapshot.RecentConfirmedAt, back.RecentConfirmedAt);
        Assert.Equal(Snapshot.EventCount, back.EventCount);
        Assert.Equal("0.10", back.Balances["USD"].ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Decimals_and_offsets_survive_exactly()
    {
        var confirmed = Samples.Confirmed with { Amount = 0.10m, BalanceAfter = 79228162514264337593543950335m };
        var back = (PaymentConfirmed)RoundTrip(confirmed, "payments.payment.confirmed.v1");

        Assert.Equal("0.10", back.Amount.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(confirmed.BalanceAfter, back.BalanceAfter);
        Assert.Equal(confirmed.ProcessedAt.Offset, back.ProcessedAt.Offset);
        Assert.Equal(confirmed.ProcessedAt.Ticks, back.ProcessedAt.Ticks);
    }

    [Fact]
    public void Interface_members_carry_a_stable_discriminator_and_concrete_records_none()
    {
        var decide = Encoding.UTF8.GetString(Serializer.ToBinary(new DecideEvent(Samples.Payment, Lineage)));
        var outcome = Encoding.UTF8.GetString(Serializer.ToBinary(Samples.Confirmed));

        Assert.Contains("\"$type\":\"payments.payment.requested.v1\"", decide);
        Assert.DoesNotContain("accountId\":\"acc-1\",\"lineage", decide.Replace(" ", ""));
        Assert.DoesNotContain("$type", outcome);
    }

    [Fact]
    public void The_serializer_is_bound_to_every_message_type_by_the_shared_hocon()
    {
        var types = new[]
        {
            typeof(DecideEvent), typeof(GetAccount), typeof(AccountView), typeof(CreditApplied), typeof(PaymentConfirmed),
            typeof(PaymentDeclined), typeof(CreditRecorded), typeof(PaymentConfirmedRecorded), typeof(PaymentDeclinedRecorded),
            typeof(AccountSnapshot), typeof(AccountCredited), typeof(PaymentRequested),
        };
        foreach (var type in types)
        {
            var serializer = _system.Serialization.FindSerializerForType(type);
            Assert.IsType<PaymentsSerializer>(serializer);
            Assert.Equal(1701, serializer.Identifier);
        }
    }

    [Fact]
    public void An_unknown_manifest_is_refused() =>
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => Serializer.FromBinary("{}"u8.ToArray(), "account.unknown.v9"));

    private PaymentsSerializer Serializer => (PaymentsSerializer)_system.Serialization.FindSerializerForType(typeof(GetAccount));

    private object RoundTrip(object message, string manifest)
    {
        var serializer = _system.Serialization.FindSerializerFor(message);
        Assert.Equal(manifest, Akka.Serialization.Serialization.ManifestFor(serializer, message));
        return _system.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);
    }

    private string Json(object message) => Encoding.UTF8.GetString(Serializer.ToBinary(message));

    public void Dispose() => _system.Dispose();
}
