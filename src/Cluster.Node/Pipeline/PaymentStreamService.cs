using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Payments.Node.Accounts;
using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Hosting;
using Akka.Payments.Node.Kafka;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Kafka.Streams;
using Akka.Payments.Node.Management;
using Akka.Streams;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Akka.Payments.Node.Pipeline;

/// <summary>
/// Runs the payment stream for the life of the node. If the stream fails it is started again after a back-off
/// (uncommitted records are redelivered and deduplicated). On stop it drains: no new records are taken, what is in
/// flight is decided, produced and committed, and only then is the consumer closed.
/// Starts after the journal gate (<see cref="Journal.JournalStartGateService"/>), so it never asks entities that cannot persist.
/// </summary>
public sealed class PaymentStreamService(
    NodeSettings settings,
    KafkaClients kafka,
    StreamMetrics metrics,
    IServiceProvider services,
    ILogger<PaymentStreamService> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _systemTerminated = new();
    private readonly Lock _drainGate = new();
    private Task? _drain;
    private readonly TaskCompletionSource _firstRunStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StreamRestarts _restarts = new();
    private DrainingControl<Done>? _current;
    private Task _loop = Task.CompletedTask;
    private IProducer<string, byte[]>? _producer;
    private Timer? _progress;
    private TimeSpan _closeTimeout;

    public bool IsRunning => _current is { StreamCompletion.IsCompleted: false };

    /// <summary>How often a run ended on its own (failed, or completed while the node was not stopping) and was started again.</summary>
    public long RestartCount => _restarts.Count;

    /// <summary>The partitions the current run's consumer owns.</summary>
    public IReadOnlyList<TopicPartition> Assignment => _current?.Control.Assignment ?? [];

    /// <summary>The stream's state for readiness.</summary>
    public StreamHealth Health() => _restarts.Health(IsRunning, metrics);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var system = services.GetRequiredService<ActorSystem>();
        var region = await services.GetRequiredService<IRequiredActor<AccountRegion>>().GetAsync(cancellationToken);
        _producer = kafka.CreateProducer();

        // Whatever starts the ActorSystem's coordinated shutdown (SIGTERM through the host, `cluster leave`, a
        // downing), the stream drains first, while the shard region can still answer.
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "drain-payment-stream", async () =>
        {
            await DrainAsync().ConfigureAwait(false);
            return Done.Instance;
        });
        // Once the ActorSystem is gone no entity will ever answer: stop asking instead of retrying forever.
        _ = system.WhenTerminated.ContinueWith(_ => _systemTerminated.Cancel(), TaskScheduler.Default);

        var log = Logging.GetLogger(system, "payment-stream");
        var gateway = new AccountGateway(region, settings.Stream.AskTimeout, log, settings.Stream.FirstAskTimeout);
        var options = new PaymentStreamOptions(
            settings.Stream.Parallelism,
            new KafkaCloudEventDecoder(new CloudEventDecoderOptions { MaxRecordBytes = settings.Stream.MaxRecordBytes }),
            new CommitterSettings { MaxBatch = settings.Stream.CommitBatch, MaxInterval = settings.Stream.CommitInterval },
            metrics,
            _systemTerminated.Token,
            log);
        var consumer = AlignShards(kafka.Consumer(), system, log);
        _closeTimeout = consumer.CloseTimeout;
        var materializer = system.Materializer(namePrefix: "payment-stream");

        _loop = RunUntilStopped(() => PaymentStream.Run(consumer, _producer, gateway, options, materializer));
        _progress = new Timer(_ => LogProgress(), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        await _firstRunStarted.Task.WaitAsync(cancellationToken);
        logger.LogInformation("Payment stream started: {Topic} -> {Processed} | {Dlq} (group {Group}, parallelism {Parallelism})",
            Shared.Topics.Requested, Shared.Topics.Processed, Shared.Topics.DeadLetters, settings.Kafka.GroupId, settings.Stream.Parallelism);
    }

    /// <summary>
    /// With partition-aligned shards, the consumer's assignments move the account shards here
    /// (<see cref="PartitionAlignment"/>). Warns when the input topic's partition count is not <c>Payments:Shards</c>:
    /// then shard p does not hold partition p's accounts, and records cross nodes to be decided.
    /// </summary>
    private ConsumerSettings AlignShards(ConsumerSettings consumer, ActorSystem system, ILoggingAdapter log)
    {
        if (settings.Cluster.ShardAllocation != ShardAllocation.PartitionAligned) return consumer;
        try
        {
            var partitions = services.GetService<KafkaInspector>()?.CoreTopics().Single(t => t.Topic == Shared.Topics.Requested).Partitions;
            if (partitions is > 0 and var count && count != settings.Cluster.Shards)
                logger.LogWarning("Topic {Topic} has {Partitions} partitions but Payments:Shards is {Shards}: shards cannot follow partitions, so records cross nodes to be decided. Set Payments:Shards to {Partitions} on every member (in a full restart: it moves accounts between shards)",
                    Shared.Topics.Requested, count, settings.Cluster.Shards, count);
        }
        catch (KafkaException e)
        {
            logger.LogWarning("Could not read the partition count of {Topic} ({Error}); account shards follow its partitions if it has Payments:Shards ({Shards}) of them",
                Shared.Topics.Requested, e.Error.Reason, settings.Cluster.Shards);
        }
        var alignment = new PartitionAlignment(system, AkkaWiring.AccountTypeName, Shared.Topics.Requested, settings.Cluster.Shards, log);
        return consumer with { PartitionsAssigned = alignment.Assigned };
    }

    private async Task RunUntilStopped(Func<DrainingControl<Done>> start)
    {
        var backoff = TimeSpan.FromSeconds(1);
        var firstRun = true;
        while (!_stopping.IsCancellationRequested)
        {
            var commitsBefore = metrics.Commits;
            try
            {
                metrics.ForgetInFlight();
                _restarts.RecordStart(firstRun);
                firstRun = false;
                _current = start();
                _firstRunStarted.TrySetResult();
                await _current.StreamCompletion.ConfigureAwait(false);
                if (_stopping.IsCancellationRequested) return;
                logger.LogWarning("Payment stream completed although the node is not stopping; starting it again");
                _restarts.RecordEnd("the stream completed although the node was not stopping", backoff);
            }
            catch (Exception e) when (!_stopping.IsCancellationRequested)
            {
                logger.LogError(e, "Payment stream failed; restarting in {Backoff}. Uncommitted records will be redelivered", backoff);
                _restarts.RecordEnd($"{e.GetType().Name}: {e.Message}", backoff);
                if (_current is { } failed) await failed.Control.Shutdown().ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            try { await Task.Delay(backoff, _stopping.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            // A run that committed something was healthy for a while: start the back-off over.
            backoff = metrics.Commits > commitsBefore
                ? TimeSpan.FromSeconds(1)
                : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => DrainAsync().WaitAsync(cancellationToken);

    /// <summary>Stops taking records, finishes and commits those in flight, closes the consumer. Runs once, whoever
    /// asks first: the host stopping, or the ActorSystem's coordinated shutdown.</summary>
    private Task DrainAsync()
    {
        lock (_drainGate) return _drain ??= Drain();
    }

    private async Task Drain()
    {
        logger.LogInformation("Draining the payment stream: finishing in-flight records and committing their offsets");
        _stopping.Cancel();
        if (_current is { } control)
        {
            try
            {
                await control.DrainAndShutdown().ConfigureAwait(false);
                if (!control.Control.IsShutdown.IsCompleted)
                    logger.LogWarning("The Kafka consumer did not close (leave group {Group}) within {Timeout}, probably held by a rebalance in progress: the node stops without waiting for it, and the group reassigns its partitions when its session expires",
                        settings.Kafka.GroupId, _closeTimeout);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The payment stream did not drain cleanly; uncommitted records will be redelivered on the next start");
            }
        }
        await _loop.ConfigureAwait(false);
        _producer?.Flush(TimeSpan.FromSeconds(10));
        LogProgress();
        logger.LogInformation("Payment stream stopped");
    }

    private long _lastLoggedTotal;

    /// <summary>Logs the counters when they changed since the last time.</summary>
    private void LogProgress()
    {
        var total = metrics.Total;
        if (Interlocked.Exchange(ref _lastLoggedTotal, total) == total) return;
        var origins = services.GetService<DecisionOrigins>();
        logger.LogInformation("Payment stream: {Metrics}; this node's accounts decided {Local} asked here, {Remote} asked by other nodes",
            metrics, origins?.Local ?? 0, origins?.Remote ?? 0);
    }

    public void Dispose()
    {
        _progress?.Dispose();
        _producer?.Dispose();
        _stopping.Dispose();
        _systemTerminated.Dispose();
    }
}
