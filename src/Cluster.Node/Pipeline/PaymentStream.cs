using Akka.Event;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Kafka.DeadLetters;
using Akka.Payments.Node.Kafka.Streams;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.DeadLetters;
using Akka.Payments.Shared.Events;
using Akka.Streams;
using Akka.Streams.Dsl;
using Confluent.Kafka;

namespace Akka.Payments.Node.Pipeline;

/// <summary>
/// The payment stream, top to bottom:
/// Kafka record -> decode the CloudEvent and validate it (a bad one becomes a dead letter) -> ask the account's
/// entity (bounded parallelism across accounts, one ask at a time per account, results in record order; a record
/// the entity cannot decide becomes a <c>decision_failed</c> dead letter) -> produce the outcome (or the dead letter)
/// -> commit the input's offset.
/// An offset is committed only after what it produced is acknowledged by Kafka: at-least-once in, an idempotent
/// entity and deterministic outcome ids make it effectively once.
/// No ask outlives its run or its partition: each run cancels its asks when it completes or fails, and a record
/// whose partition is revoked is dropped (neither produced nor committed: the next owner reads it again).
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
        var run = CancellationTokenSource.CreateLinkedTokenSource(options.Abort);
        var (control, completion) = KafkaConsumer
            .CommittableSource(consumer, [options.Topics.Input])
            .SelectAsync(options.Parallelism, message => Handle(message, accounts, sequencer, options, run.Token))
            .Via(KafkaProducer.FlexiFlow<ICommittableOffset?>(producer, options.Parallelism))
            .Where(result => result.PassThrough is not null)
            .Select(result => result.PassThrough!)
            .Via(KafkaCommitter.Flow(options.Committer))
            .Select(done =>
            {
                options.Metrics.RecordCommitted();
                return done;
            })
            .ToMaterialized(Sink.Ignore<Done>(), Keep.Both)
            .Run(materializer);
        // Whatever ends the run (a drain, a failure), what it still has in flight is never asked again.
        _ = completion.ContinueWith(_ =>
        {
            run.Cancel();
            run.Dispose();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return DrainingControl<Done>.Create(control, completion);
    }

    private static async Task<ProducerEnvelope<ICommittableOffset?>> Handle(
        CommittableMessage message, AccountGateway accounts, AccountSequencer sequencer, PaymentStreamOptions options,
        CancellationToken run)
    {
        options.Metrics.RecordTaken();
        var record = message.Record;
        var source = $"{record.Topic}/{record.Partition.Value}/{record.Offset.Value}";
        var decoded = options.Decoder.Decode(record);
        if (decoded.Rejection is { } rejection)
        {
            options.Metrics.RecordDeadLetter(rejection.Reason);
            var deadLetter = DeadLetterMessages.Build(record, rejection, DateTimeOffset.UtcNow);
            return Single(options.Topics.DeadLetters, deadLetter, message.Offset);
        }

        var input = decoded.Input!;
        var command = new DecideEvent(input.Event, new Lineage(input.Id, source));
        AccountAnswer answer;
        using (var abort = CancellationTokenSource.CreateLinkedTokenSource(run, message.Revoked))
        {
            try
            {
                // Reached synchronously, in record order: the sequencer chains this ask behind the account's previous
                // one of the same partition assignment (the lane).
                answer = await sequencer
                    .Run(command.AccountId, () => accounts.Decide(command, abort.Token), message.Revoked)
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (IsRevoked(message, run))
            {
                // The partition was revoked: the record belongs to its next owner. Nothing to produce or commit.
                options.Metrics.RecordReleased();
                return Skip;
            }
        }

        if (IsRevoked(message, run))
        {
            // Answered as the partition was revoked: the revocation is signalled at once, but reaches the ask only
            // through callbacks on the thread pool, and an answer can come first. The record is the next owner's all
            // the same (it asks again, the entity deduplicates): producing it here would produce it twice.
            options.Metrics.RecordReleased();
            return Skip;
        }

        if (answer.Failure is { } failed)
        {
            options.Metrics.RecordDeadLetter(DeadLetterReasons.DecisionFailed);
            options.Log?.Warning("Account {0} could not decide request {1} from {2}: {3}; dead-lettered as {4}",
                failed.AccountId, failed.RequestId, source, failed.Error, DeadLetterReasons.DecisionFailed);
            var deadLetter = DeadLetterMessages.Build(record, new Rejection(DeadLetterReasons.DecisionFailed, failed.Error), DateTimeOffset.UtcNow);
            return Single(options.Topics.DeadLetters, deadLetter, message.Offset);
        }

        var outcome = answer.Outcome!;
        options.Metrics.RecordOutcome(outcome);
        return Single(options.Topics.Processed, OutcomeMessages.ToMessage(outcome, OutcomeMessages.InputTimeOf(input)), message.Offset);
    }

    private static bool IsRevoked(CommittableMessage message, CancellationToken run) =>
        message.Revoked.IsCancellationRequested && !run.IsCancellationRequested;

    /// <summary>Produces nothing and commits nothing.</summary>
    private static readonly ProducerEnvelope<ICommittableOffset?> Skip = new([], null);

    private static ProducerEnvelope<ICommittableOffset?> Single(string topic, Message<string, byte[]> message, ICommittableOffset offset) =>
        new([new TopicMessage(topic, message)], offset);
}
