using Confluent.Kafka;

namespace Akka.Payments.Node.Kafka.Streams.Internal;

/// <summary>
/// Commits requested by the committer stage, executed on the polling thread so they never race a rebalance:
/// offsets of partitions we no longer own (or own under a newer assignment) are dropped, rebalance-related
/// errors are retried after the next poll.
/// </summary>
internal sealed partial class ConsumerLoop
{
    private static readonly TimeSpan CommitRetryBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan CommitRetryLimit = TimeSpan.FromSeconds(30);

    // Only touched on the polling thread.
    private readonly List<CommitRequest> _retries = new();
    private DateTime _retryAfter;

    private sealed class CommitRequest(IReadOnlyList<CommittableOffset> offsets)
    {
        public IReadOnlyList<CommittableOffset> Offsets { get; } = offsets;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public DateTime? FirstFailure { get; set; }
    }

    /// <summary>Commits offset + 1 of each given record (one per partition), for partitions this consumer still owns.</summary>
    internal Task Commit(IReadOnlyList<CommittableOffset> offsets)
    {
        var request = new CommitRequest(offsets);
        lock (_gate)
        {
            if (_shutdownRequested && _shutdown.Task.IsCompleted)
                return Task.FromException(new KafkaCommitException("The consumer is shut down; offsets cannot be committed."));
            foreach (var o in offsets) // what a pending revoke waits for: the record reached the committer
                if (_epochs.TryGetValue(o.TopicPartition, out var epoch) && epoch == o.Epoch
                    && (!_requested.TryGetValue(o.TopicPartition, out var requested) || requested < o.Offset))
                    _requested[o.TopicPartition] = o.Offset;
            _commits.Add(request);
            Monitor.PulseAll(_gate);
        }
        return request.Done.Task;
    }

    private void ProcessCommits()
    {
        var requests = new List<CommitRequest>();
        if (_retries.Count > 0 && DateTime.UtcNow >= _retryAfter)
        {
            requests.AddRange(_retries); // retried first: commits stay in order
            _retries.Clear();
        }
        lock (_gate)
        {
            requests.AddRange(_commits);
            _commits.Clear();
        }
        if (requests.Count == 0) return;

        var retry = new List<CommitRequest>();
        foreach (var request in requests)
        {
            List<TopicPartitionOffset> owned;
            lock (_gate)
                owned = request.Offsets
                    .Where(o => _epochs.TryGetValue(o.TopicPartition, out var epoch) && epoch == o.Epoch)
                    .Select(o => new TopicPartitionOffset(o.TopicPartition, new Offset(o.Offset + 1)))
                    .ToList();
            if (owned.Count == 0)
            {
                request.Done.TrySetResult();
                continue;
            }

            try
            {
                _consumer.Commit(owned);
                request.Done.TrySetResult();
            }
            catch (KafkaException ex) when (IsRetriable(ex) && DateTime.UtcNow - (request.FirstFailure ??= DateTime.UtcNow) < CommitRetryLimit)
            {
                retry.Add(request);
            }
            catch (KafkaException ex)
            {
                request.Done.TrySetException(new KafkaCommitException(
                    $"Committing {string.Join(", ", owned)} failed: {ex.Error.Code} {ex.Error.Reason}", ex));
            }
        }

        if (retry.Count > 0)
        {
            _retries.AddRange(retry); // retried after a back-off, polls in between let the rebalance finish
            _retryAfter = DateTime.UtcNow + CommitRetryBackoff;
        }
    }

    private static bool IsRetriable(KafkaException ex)
    {
        if (ex.Error.IsFatal) return false;
        if (ex is TopicPartitionOffsetException tpoe && tpoe.Results.Any(r => r.Error.IsError && !IsRetriableCode(r.Error.Code)))
            return false;
        return ex is TopicPartitionOffsetException || IsRetriableCode(ex.Error.Code);
    }

    private static bool IsRetriableCode(ErrorCode code) => code is ErrorCode.RebalanceInProgress
        or ErrorCode.IllegalGeneration or ErrorCode.UnknownMemberId or ErrorCode.NotCoordinatorForGroup
        or ErrorCode.GroupLoadInProgress or ErrorCode.GroupCoordinatorNotAvailable or ErrorCode.RequestTimedOut
        or ErrorCode.Local_TimedOut or ErrorCode.Local_Transport or ErrorCode.Local_AllBrokersDown
        or ErrorCode.Local_WaitCoord or ErrorCode.NoError;
}
