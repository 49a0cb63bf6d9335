using Akka.Payments.Node.Kafka.Streams;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.DeadLetters;
using Akka.Streams;
using Akka.Streams.Dsl;
using Confluent.Kafka;

namespace Akka.Payments.Node.Pipeline;

/// <summary>
/// The payment stream, top to bottom:
/// Kafka record -> decode the CloudEvent and validate it (a bad one becomes a dead letter) -> ask the account's
/// entity (bounded parallelism across accounts, one ask at a time per account, results in record order) -> produce the outcome (or the dead letter) -> commit the input's offset.
/// An offset is committed only after what it produced is acknowledged by Kafka: at-least-once in, an idempotent
/// entity and deterministic outcome ids make it effectively once.
/// </summary>
public static class PaymentStream
{
    public static DrainingControl<Done> Run(
        ConsumerSettings consumer,
        IProducer<string, byte[]> producer,
        AccountGateway accounts,
        PaymentStreamOptions options,
        IMaterializer materializer)
    {
        var sequencer = new AccountSequencer();
        var (control, completion) = KafkaConsumer
            .CommittableSource(consumer, [Topics.Requested])
            .SelectAsync(options.Parallelism, message => Handle(message, accounts, sequencer, options))
            .Via(KafkaProducer.FlexiFlow<ICommittableOffset>(producer, options.Parallelism))
            .Select(result => result.PassThrough)
            .ToMaterialized(KafkaCommitter.Sink(options.Committer), Keep.Both)
            .Run(materializer);
        return DrainingControl<Done>.Create(control, completion);
    }

    private static async Task<ProducerEnvelope<ICommittableOffset>> Handle(
        CommittableMessage message, AccountGateway accounts, AccountSequencer sequencer, PaymentStreamOptions options)
    {
        options.Metrics.RecordTaken();
        var record = message.Record;
        var source = $"{record.Topic}/{record.Partition.Value}/{record.Offset.Value}";
        var decoded = options.Decoder.Decode(record);
        if (decoded.Rejection is { } rejection)
        {
            options.Metrics.RecordDeadLetter(rejection.Reason);
            var deadLetter = DeadLetterMessages.Build(record, rejection, DateTimeOffset.UtcNow);
            return Single(Topics.DeadLetters, deadLetter, message.Offset);
        }

        var input = decoded.Input!;
        var command = new DecideEvent(input.Event, new Lineage(input.Id, source));
        // Reached synchronously, in record order: the sequencer chains this ask behind the account's previous one.
        var outcome = await sequencer.Run(command.AccountId, () => accounts.Decide(command, options.Abort)).ConfigureAwait(false);
        options.Metrics.RecordOutcome(outcome);
        return Single(Topics.Processed, OutcomeMessages.ToMessage(outcome), message.Offset);
    }

    private static ProducerEnvelope<ICommittableOffset> Single(string topic, Message<string, byte[]> message, ICommittableOffset offset) =>
        new([new TopicMessage(topic, message)], offset);
}
