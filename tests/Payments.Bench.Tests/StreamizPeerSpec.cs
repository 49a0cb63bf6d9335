using System.Text;
using Akka.Payments.Bench.Streamiz;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Kafka.DeadLetters;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Mock;
using Streamiz.Kafka.Net.SerDes;

namespace Akka.Payments.Bench.Tests;

/// <summary>The Streamiz peer's topology decides like ours: driven by Streamiz's own test driver, with its real RocksDB
/// store in a temporary directory and no broker, so that the harness compares systems that give the same answers.</summary>
public sealed class StreamizPeerSpec : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly string _stateDir = Directory.CreateTempSubdirectory("streamiz-spec-").FullName;
    private readonly TopologyTestDriver _driver;
    private readonly TestInputTopic<string, byte[]> _requests;
    private readonly TestOutputTopic<string, byte[]> _processed;
    private readonly TestOutputTopic<string, byte[]> _deadLetters;

    public StreamizPeerSpec()
    {
        var config = new StreamConfig<StringSerDes, ByteArraySerDes> { ApplicationId = StreamizTopology.ApplicationId, StateDir = _stateDir };
        _driver = new TopologyTestDriver(StreamizTopology.Build(), config);
        _requests = _driver.CreateInputTopic<string, byte[]>(Topics.Requested);
        _processed = _driver.CreateOutputTopic<string, byte[]>(Topics.Processed);
        _deadLetters = _driver.CreateOutputTopic<string, byte[]>(Topics.DeadLetters);
    }

    private void Send(IInputEvent input)
    {
        var message = KafkaCloudEventEncoder.Binary(input, $"ce-{input.RequestId}", "/spec", Now);
        _requests.PipeInput(message.Key, message.Value, message.Headers);
    }


    [Fact]
    public void Credits_payments_declines_duplicates_and_malformed_records_get_the_outcomes_ours_gives()
    {
        Send(new AccountCredited("c1", "acc-1", 100m, "EUR", Now));
        Send(new PaymentRequested("p1", "acc-1", "payee", 30m, "EUR", "DE", Now));
        Send(new PaymentRequested("p2", "acc-1", "payee", 12_000m, "EUR", "DE", Now));
        Send(new PaymentRequested("p3", "acc-1", "payee", 10m, "JPY", "DE", Now));
        Send(new PaymentRequested("p4", "acc-1", "payee", 80m, "EUR", "DE", Now));
        Send(new PaymentRequested("p1", "acc-1", "payee", 30m, "EUR", "DE", Now)); // a redelivery of p1

        var malformed = KafkaCloudEventEncoder.Binary(new PaymentRequested("p5", "acc-1", "payee", 1m, "EUR", "DE", Now), "ce-p5", "/spec", Now);
        _requests.PipeInput(malformed.Key, Encoding.UTF8.GetBytes("{ not json"), malformed.Headers);

        var outcomes = _processed.ReadKeyValueList().Select(r => OutcomeMessages.FromMessage(r.Message)).ToList();
        Assert.Equal(6, outcomes.Count);
        Assert.Equal(100m, Assert.IsType<CreditApplied>(outcomes[0]).BalanceAfter);
        var confirmed = Assert.IsType<PaymentConfirmed>(outcomes[1]);
        Assert.Equal(70m, confirmed.BalanceAfter);
        Assert.Equal(DeclineReasons.AmountOverLimit, Assert.IsType<PaymentDeclined>(outcomes[2]).Reason);
        Assert.Equal(DeclineReasons.CurrencyNotAllowed, Assert.IsType<PaymentDeclined>(outcomes[3]).Reason);
        Assert.Equal(DeclineReasons.InsufficientFunds, Assert.IsType<PaymentDeclined>(outcomes[4]).Reason);
        Assert.Equal(confirmed, outcomes[5]); // the same outcome, not a second payment

        var deadLetter = Assert.Single(_deadLetters.ReadKeyValueList());
        Assert.True(deadLetter.Message.Headers.TryGetLastBytes(DeadLetterHeaders.ReasonHeader, out _));

        // The account lives in the RocksDB store, which the changelog makes durable.
        var store = _driver.GetKeyValueStore<string, Shared.Accounts.AccountSnapshot>(StreamizTopology.StoreName);
        Assert.Equal(70m, store.Get("acc-1").Balances["EUR"]);
    }

    public void Dispose()
    {
        _driver.Dispose();
        try { Directory.Delete(_stateDir, recursive: true); } catch (IOException) { }
    }
}
