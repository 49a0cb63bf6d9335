using Confluent.Kafka;

namespace Akka.Payments.Node.Kafka.Streams.Internal;

/// <summary>
/// Owns one Confluent consumer and the only thread that touches it: polling, pause/resume, rebalance handlers and
/// commits all run there (Confluent's consumer is not safe to use from several threads). The source stage takes
/// records from a bounded buffer; when the buffer is full the assigned partitions are paused and the thread keeps
/// polling only to serve rebalances and commits, so a slow downstream grows Kafka lag, not memory.
/// </summary>
internal sealed partial class ConsumerLoop : IConsumerControl
{
    private readonly ConsumerSettings _settings;
    private readonly List<string> _topics;
    private IConsumer<string, byte[]> _consumer = null!; // created by Start, only used on the polling thread
    private bool _started;                               // guarded by _gate
    private readonly object _gate = new();

    // Guarded by _gate.
    private readonly Queue<(ConsumeResult<string, byte[]> Record, long Epoch, CancellationToken Revoked)> _buffer = new();
    private readonly Dictionary<TopicPartition, long> _epochs = new();        // owned partitions -> assignment epoch
    private readonly Dictionary<TopicPartition, CancellationTokenSource> _assignments = new(); // cancelled when the epoch ends
    private readonly Dictionary<TopicPartition, long> _emitted = new();       // highest offset pushed downstream
    private readonly Dictionary<TopicPartition, long> _requested = new();     // highest offset handed to Commit
    private readonly List<CommitRequest> _commits = new();
    private long _epochCounter;
    private bool _stageWaiting;
    private bool _stopRequested;
    private volatile bool _shutdownRequested;

    // Only touched on the polling thread.
    private bool _paused;
    private long _assignmentVersion;
    private long _pausedVersion = -1;
    private long _resumedVersion = -1;

    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _shutdown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Action? _recordsAvailable;
    private Action? _stopStage;
    private Action<Exception>? _failStage;
    private long _polled;

    /// <summary>
    /// Validates the settings only: the Confluent consumer and its thread are created by <see cref="Start"/>, when the
    /// stage starts, so a materialization that never runs (or fails before the stage starts) leaks nothing.
    /// </summary>
    public ConsumerLoop(ConsumerSettings settings, IReadOnlyCollection<string> topics)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxBufferedRecords, 1);
        if (topics.Count == 0) throw new ArgumentException("Subscribe to at least one topic.", nameof(topics));
        _settings = settings;
        _ = settings.EffectiveConfig(); // fail at materialization on a bad config, not on the polling thread
        _topics = topics.ToList();
    }

    /// <summary>Creates the consumer and starts polling; a no-op if the control was shut down before the stage ran.</summary>
    private void Start()
    {
        lock (_gate)
        {
            if (_started || _stopRequested) return; // Shutdown marks a never-started loop as started (and done)
            _started = true;
        }
        var config = _settings.EffectiveConfig();
        try
        {
            _consumer = new ConsumerBuilder<string, byte[]>(config)
                .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
                .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions.Select(p => p.TopicPartition).ToList()))
                .SetPartitionsLostHandler((_, partitions) => OnLost(partitions.Select(p => p.TopicPartition).ToList()))
                .Build();
        }
        catch
        {
            _shutdown.TrySetResult(); // nothing to close; the exception fails the stage
            throw;
        }
        new Thread(() => Run(_topics)) { IsBackground = true, Name = $"kafka-consumer-{config.GroupId}" }.Start();
    }

    public Task IsShutdown => _shutdown.Task;

    /// <summary>Records taken from Kafka so far (tests and metrics).</summary>
    internal long Polled => Interlocked.Read(ref _polled);

    internal int Buffered { get { lock (_gate) return _buffer.Count; } }

    public IReadOnlyList<TopicPartition> Assignment { get { lock (_gate) return _epochs.Keys.ToList(); } }

    /// <summary>Called by the stage once it runs: how it is woken, completed and failed.</summary>
    internal void Attach(Action recordsAvailable, Action stopStage, Action<Exception> failStage)
    {
        bool stop;
        lock (_gate)
        {
            _recordsAvailable = recordsAvailable;
            _stopStage = stopStage;
            _failStage = failStage;
            stop = _stopRequested;
        }
        if (stop) stopStage(); // stopped before it ran: no consumer needed, Shutdown completes without one
        else Start();
    }

    /// <summary>Takes the next record for downstream; otherwise asks to be woken when one arrives.</summary>
    internal bool TryTake(out CommittableMessage? message)
    {
        lock (_gate)
        {
            if (_buffer.TryDequeue(out var next))
            {
                var tp = next.Record.TopicPartition;
                _emitted[tp] = next.Record.Offset.Value;
                message = new CommittableMessage(next.Record, new CommittableOffset(tp, next.Record.Offset.Value, next.Epoch, this), next.Revoked);
                Monitor.PulseAll(_gate); // room again: wake a paused poller
                return true;
            }
            _stageWaiting = !_stopRequested;
            message = null;
            return false;
        }
    }

    public Task Stop()
    {
        Action? stopStage;
        lock (_gate)
        {
            _stopRequested = true;
            _buffer.Clear(); // never emitted, never committed: the next owner reads them again
            stopStage = _stopStage;
            Monitor.PulseAll(_gate);
        }
        stopStage?.Invoke();
        return _stopped.Task;
    }

    /// <summary>The stage has finished; if nobody asked to stop (cancel or failure), nothing will commit anymore.</summary>
    internal void StageStopped()
    {
        bool requested;
        lock (_gate) requested = _stopRequested;
        _stopped.TrySetResult();
        if (!requested) _ = Shutdown();
    }

    public Task Shutdown()
    {
        _ = Stop();
        lock (_gate)
        {
            _shutdownRequested = true;
            Monitor.PulseAll(_gate);
            if (!_started)
            {
                // Never started: there is no consumer to close, and Start will not create one anymore.
                _started = true;
                _stopped.TrySetResult();
                _shutdown.TrySetResult();
            }
        }
        return WaitForClose();
    }

    /// <summary>The close, or <see cref="ConsumerSettings.CloseTimeout"/>, whichever ends first: a close held by a
    /// rebalance must not hold whoever stops the stream (a node's drain, a restart).</summary>
    private async Task WaitForClose()
    {
        try
        {
            await _shutdown.Task.WaitAsync(_settings.CloseTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Still closing on the polling thread; IsShutdown completes when it is done.
        }
    }

    public async Task<T> DrainAndShutdown<T>(Task<T> streamCompletion)
    {
        await Stop().ConfigureAwait(false);
        try
        {
            return await streamCompletion.ConfigureAwait(false);
        }
        finally
        {
            await Shutdown().ConfigureAwait(false);
        }
    }

    private void Run(List<string> topics)
    {
        Exception? failure = null;
        try
        {
            _consumer.Subscribe(topics);
            long? fullSince = null;
            while (!_shutdownRequested)
            {
                ProcessCommits();
                if (WantsRecords())
                {
                    fullSince = null;
                    Resume();
                    Accept(Poll(_settings.PollTimeout));
                }
                else
                {
                    // A full buffer usually empties within milliseconds: just wait, keeping librdkafka's prefetched
                    // records (pausing would purge them and force a refetch). Only a stall longer than PauseAfter
                    // pauses the partitions and polls, so that rebalances are still served.
                    fullSince ??= Environment.TickCount64;
                    if (Environment.TickCount64 - fullSince.Value >= (long)_settings.PauseAfter.TotalMilliseconds)
                    {
                        Pause();
                        Accept(Poll(TimeSpan.Zero)); // serves rebalances; paused partitions deliver nothing
                    }
                    lock (_gate)
                        if (!_shutdownRequested && _commits.Count == 0 && !WantsRecordsLocked())
                            Monitor.Wait(_gate, _settings.PollTimeout);
                }
            }
        }
        catch (Exception ex) // anything else fails the stage; it must never escape this thread (that kills the process)
        {
            failure = ex;
        }
        finally
        {
            Close(failure);
        }
    }

    /// <summary>Non-fatal consume errors (e.g. a topic not created yet) are librdkafka's to recover from: poll on.</summary>
    private ConsumeResult<string, byte[]>? Poll(TimeSpan timeout)
    {
        try
        {
            return _consumer.Consume(timeout);
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            return null;
        }
    }

    private bool WantsRecords() { lock (_gate) return WantsRecordsLocked(); }

    private bool WantsRecordsLocked() => !_stopRequested && _buffer.Count < _settings.MaxBufferedRecords;

    private void Accept(ConsumeResult<string, byte[]>? record)
    {
        if (record is null || record.IsPartitionEOF) return;
        Action? wake = null;
        lock (_gate)
        {
            if (!_epochs.TryGetValue(record.TopicPartition, out var epoch)) return; // not ours (anymore)
            var revoked = _assignments[record.TopicPartition].Token;
            if (!WantsRecordsLocked())
            {
                // Only possible right after an assignment, before the new partitions were paused: read it again later.
                if (!_stopRequested) _consumer.Seek(record.TopicPartitionOffset);
                return;
            }
            _buffer.Enqueue((record, epoch, revoked));
            Interlocked.Increment(ref _polled);
            if (_stageWaiting)
            {
                _stageWaiting = false;
                wake = _recordsAvailable;
            }
        }
        wake?.Invoke();
    }

    private void Pause()
    {
        if (_paused && _pausedVersion == _assignmentVersion) return;
        _consumer.Pause(_consumer.Assignment);
        _paused = true;
        _pausedVersion = _assignmentVersion;
    }

    /// <summary>Also after every assignment change: a partition paused before a rebalance may come back paused.</summary>
    private void Resume()
    {
        if (!_paused && _resumedVersion == _assignmentVersion) return;
        _consumer.Resume(_consumer.Assignment);
        _paused = false;
        _resumedVersion = _assignmentVersion;
    }

    private void Close(Exception? failure)
    {
        _shutdownRequested = true;
        try
        {
            _consumer.Close(); // leaves the group; the revoke handler drops what is left without waiting
        }
        catch (Exception ex) // whatever it is (the revoke handler runs in here too), it fails the stage, not the process
        {
            failure ??= ex;
        }
        finally
        {
            _consumer.Dispose();
        }

        Action<Exception>? fail;
        List<CommitRequest> pending;
        List<TopicPartition> owned;
        lock (_gate)
        {
            fail = _failStage;
            pending = [.. _retries, .. _commits];
            _retries.Clear();
            _commits.Clear();
            _buffer.Clear();
            owned = _epochs.Keys.ToList();
            _epochs.Clear();
        }
        EndAssignments(owned); // normally done by the revoke that Close runs; not when the consumer failed
        foreach (var request in pending)
            request.Done.TrySetException(new KafkaCommitException("The consumer was shut down before the offsets were committed."));
        if (failure is not null) fail?.Invoke(failure);
        _shutdown.TrySetResult();
    }
}
