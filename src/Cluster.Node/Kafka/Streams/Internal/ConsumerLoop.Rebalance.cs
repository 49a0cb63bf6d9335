using Confluent.Kafka;

namespace Akka.Payments.Node.Kafka.Streams.Internal;

/// <summary>
/// Partition assignment and revocation. Both handlers run on the polling thread, inside Consume.
/// </summary>
internal sealed partial class ConsumerLoop
{
    /// <summary>Starts each partition at <see cref="ConsumerSettings.StartOffset"/> when it names one, else at the
    /// group's committed offset.</summary>
    private IEnumerable<TopicPartitionOffset> OnAssigned(List<TopicPartition> partitions)
    {
        lock (_gate)
        {
            foreach (var tp in partitions)
            {
                _epochs[tp] = ++_epochCounter; // a new epoch: offsets of an earlier assignment stay uncommittable
                if (_assignments.Remove(tp, out var previous)) _ = previous.CancelAsync();
                _assignments[tp] = new CancellationTokenSource();
                _emitted.Remove(tp);
                _requested.Remove(tp);
            }
        }
        _assignmentVersion++;
        _settings.PartitionsAssigned?.Invoke(partitions);
        return partitions.Select(tp => new TopicPartitionOffset(tp,
            _settings.StartOffset?.Invoke(tp) is { } start ? new Offset(start) : Offset.Unset)).ToList();
    }

    /// <summary>
    /// Drop buffered records of the revoked partitions (never emitted), give records already emitted from them a
    /// bounded time (<see cref="ConsumerSettings.RevokeDrainTimeout"/>) to reach the committer, commit what was
    /// requested once, then forget the partitions so nothing of them is committed by us anymore. The next owner
    /// starts after what we committed.
    /// The wait ends as soon as every emitted record was handed to the committer: it does not wait for the commits
    /// to succeed. A commit refused because of this very rebalance (e.g. RebalanceInProgress, which librdkafka's
    /// mock cluster answers while the group is joining) cannot succeed before this handler returns, so waiting for
    /// it only delays the rebalance until the timeout; those records are read again by the next owner.
    /// </summary>
    private void OnRevoked(List<TopicPartition> partitions)
    {
        var revoked = partitions.ToHashSet();
        lock (_gate) DropBuffered(revoked);

        var deadline = DateTime.UtcNow + _settings.RevokeDrainTimeout;
        while (!_shutdownRequested && DateTime.UtcNow < deadline && HasUnrequested(revoked))
        {
            ProcessCommits();
            lock (_gate)
                if (_commits.Count == 0 && HasUnrequestedLocked(revoked))
                    Monitor.Wait(_gate, TimeSpan.FromMilliseconds(10));
        }
        ProcessCommits();
        Forget(revoked);
    }

    /// <summary>Lost partitions (session expired) may already belong to another member: drop, never commit.</summary>
    private void OnLost(List<TopicPartition> partitions)
    {
        var lost = partitions.ToHashSet();
        lock (_gate) DropBuffered(lost);
        Forget(lost);
    }

    private void Forget(HashSet<TopicPartition> partitions)
    {
        lock (_gate)
        {
            foreach (var tp in partitions)
            {
                _epochs.Remove(tp);
                _emitted.Remove(tp);
                _requested.Remove(tp);
            }
        }
        EndAssignments(partitions);
        _assignmentVersion++;
    }

    /// <summary>
    /// Cancels <see cref="CommittableMessage.Revoked"/> of the records of these partitions still in flight: after the
    /// partitions are forgotten, nothing they produce could be committed by us anyway. The callbacks run on the thread
    /// pool, never on the polling thread (which must return to the rebalance).
    /// </summary>
    private void EndAssignments(IEnumerable<TopicPartition> partitions)
    {
        List<CancellationTokenSource> ended = [];
        lock (_gate)
            foreach (var tp in partitions)
                if (_assignments.Remove(tp, out var assignment)) ended.Add(assignment);
        foreach (var assignment in ended) _ = assignment.CancelAsync();
    }

    private void DropBuffered(HashSet<TopicPartition> partitions)
    {
        if (_buffer.Count == 0) return;
        var kept = _buffer.Where(b => !partitions.Contains(b.Record.TopicPartition)).ToList();
        _buffer.Clear();
        foreach (var b in kept) _buffer.Enqueue(b);
    }

    private bool HasUnrequested(HashSet<TopicPartition> partitions) { lock (_gate) return HasUnrequestedLocked(partitions); }

    /// <summary>Some record emitted from these partitions has not been handed to <see cref="Commit"/> yet.</summary>
    private bool HasUnrequestedLocked(HashSet<TopicPartition> partitions) =>
        partitions.Any(tp => _emitted.TryGetValue(tp, out var emitted)
                             && (!_requested.TryGetValue(tp, out var requested) || requested < emitted));
}
