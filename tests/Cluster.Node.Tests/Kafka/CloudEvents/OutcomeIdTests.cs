using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Tests;

namespace Akka.Payments.Node.Tests.Kafka.CloudEvents;

public class OutcomeIdTests
{
    [Fact]
    public void The_same_outcome_always_gets_the_same_id()
    {
        var later = Samples.Confirmed with { ProcessedAt = Samples.Time.AddHours(1), Source = "payments.requested/0/99" };

        Assert.Equal(OutcomeIds.For(Samples.Confirmed), OutcomeIds.For(later));
        Assert.Equal(OutcomeIds.For(Samples.Confirmed), OutcomeMessages.ToMessage(later).Headers.GetLastBytes("ce_id").Let(System.Text.Encoding.UTF8.GetString));
    }

    [Fact]
    public void The_id_is_a_fixed_version_5_uuid()
    {
        var id = Guid.Parse(OutcomeIds.For(EventTypes.PaymentConfirmed, "acc-1", "pay-1"));

        Assert.Equal(5, id.Version);
        Assert.Equal(id.ToString(), OutcomeIds.For(EventTypes.PaymentConfirmed, "acc-1", "pay-1"));
    }

    [Fact]
    public void The_name_based_uuid_matches_the_RFC_9562_example() =>
        // RFC 9562 appendix A.4: v5 of "www.example.com" in the DNS namespace.
        Assert.Equal(Guid.Parse("2ed6657d-e927-568b-95e1-2665a8aea6a2"),
            OutcomeIds.NameBased(Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com"));

    [Fact]
    public void Different_requests_get_different_ids()
    {
        var ids = new[]
        {
            OutcomeIds.For(EventTypes.PaymentConfirmed, "acc-1", "pay-1"),
            OutcomeIds.For(EventTypes.PaymentConfirmed, "acc-1", "pay-2"),
            OutcomeIds.For(EventTypes.PaymentDeclined, "acc-1", "pay-1"),
            OutcomeIds.For(EventTypes.PaymentConfirmed, "acc-2", "pay-1"),
            OutcomeIds.For(EventTypes.CreditApplied, "acc-1", "pay-1"),
        };

        Assert.Equal(ids.Length, ids.Distinct().Count());
    }
}

internal static class FunctionalExtensions
{
    public static TResult Let<T, TResult>(this T value, Func<T, TResult> f) => f(value);
}
