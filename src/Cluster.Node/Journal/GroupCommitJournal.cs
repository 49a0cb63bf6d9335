using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Payments.Node.Accounts.Idempotency;
using Akka.Payments.Shared.Accounts;
using Akka.Persistence.Sql.Journal;

namespace Akka.Payments.Node.Journal;

/// <summary>
/// Akka.Persistence.Sql's journal with group commit: the writes that arrive within a short window (or until a row
/// budget fills) go to the database as one transaction, each caller still getting its own result.
/// </summary>
/// <remarks>
/// Every account entity has at most one write in flight, and there are thousands of entities: left alone, the journal
/// commits one row per transaction, and a transaction through linq2db costs far more CPU than a row (a data
/// connection, a query build, a commit with its fsync). Waiting a millisecond or two lets one transaction carry the
/// writes of many entities: it is PostgreSQL's commit_delay, applied in front of any database. Durability is
/// unchanged: no caller hears of success before its rows are committed.
/// Each group's rows of the <see cref="RequestIndex"/> are written just before the group itself (see
/// <see cref="IndexNext"/>), so that every durable decision can be found again by its request id.
/// Configuration, under the plugin's section: <c>group-commit.window</c> (0 commits every write on its own) and
/// <c>group-commit.max-rows</c>.
/// </remarks>
public sealed class GroupCommitJournal : SqlWriteJournal
{
    private readonly TimeSpan _window;
    private readonly int _maxRows;
    private readonly Timer _timer;
    private readonly RequestIndex _index;
    private readonly ConcurrentDictionary<string, Task> _inFlight = new();
    private readonly Queue<List<PendingWrite>> _toIndex = new();
    private List<PendingWrite>? _indexing; // the group being indexed and then committed, until its commit is done
    private List<PendingWrite> _group = [];
    private int _groupRows;

    public GroupCommitJournal(Config journalConfig) : base(journalConfig)
    {
        _window = journalConfig.GetTimeSpan("group-commit.window", TimeSpan.FromMilliseconds(2));
        _maxRows = journalConfig.GetInt("group-commit.max-rows", 1000);
        _index = RequestIndex.For(journalConfig);
        var self = Self;
        _timer = new Timer(_ => self.Tell(Flush.Instance, ActorRefs.NoSender));
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages as IReadOnlyList<AtomicWrite> ?? messages.ToList();
        // A batch of only deferred handlers (DeferAsync) carries no rows: nothing to commit, nothing to wait for.
        if (writes.Count == 0) return Task.FromResult<IImmutableList<Exception>>(ImmutableList<Exception>.Empty);

        var pending = new PendingWrite(writes);
        foreach (var write in writes) _inFlight[write.PersistenceId] = pending.Completion.Task;
        _group.Add(pending);
        _groupRows += writes.Sum(w => w.Size);
        if (_window <= TimeSpan.Zero || _groupRows >= _maxRows) CommitGroup();
        else if (_group.Count == 1) _timer.Change(_window, Timeout.InfiniteTimeSpan);
        return pending.Completion.Task;
    }

    protected override bool ReceivePluginInternal(object message)
    {
        switch (message)
        {
            case Flush:
                CommitGroup();
                return true;
            case Indexed indexed:
                OnIndexed(indexed);
                return true;
            case GroupDone: // SQLite only: the batch in _indexing is committed
                _indexing = null;
                IndexNext();
                return true;
            default:
                return base.ReceivePluginInternal(message);
        }
    }

    /// <summary>A recovering entity must not read its highest sequence number past a write still waiting in a group.</summary>
    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        if (_inFlight.TryGetValue(persistenceId, out var pending))
            await pending.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        return await base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken).ConfigureAwait(false);
    }

    protected override void PostStop()
    {
        _timer.Dispose();
        var stopped = new InvalidOperationException("The journal stopped before the write was committed");
        var waiting = _toIndex.SelectMany(g => g).Concat(_indexing ?? []).Concat(_group);
        foreach (var pending in waiting) pending.Completion.TrySetException(stopped);
        base.PostStop();
    }

    /// <summary>Closes the current group and queues it for the request index.</summary>
    private void CommitGroup()
    {
        if (_group.Count == 0) return;
        _toIndex.Enqueue(_group);
        _group = [];
        _groupRows = 0;
        IndexNext();
    }

    /// <summary>
    /// Writes the request-index rows of the next group, one group at a time so that groups reach the journal in the
    /// order they were formed (an account's later event never commits before its earlier one). While one group is
    /// being indexed the next one grows, which is group commit again. On SQLite the next group waits until this one
    /// is committed too: two writers would only fight over its single write lock (measured: p50 from 36 ms to over a
    /// second at 300/s).
    /// </summary>
    private void IndexNext()
    {
        while (_indexing is null && _toIndex.TryDequeue(out var group))
        {
            // Groups closed while the last one was being indexed go on together: one index write, one commit.
            while (_toIndex.TryDequeue(out var next)) group.AddRange(next);
            _indexing = group;
            var entries = IndexEntries(group);
            if (entries.Count == 0)
            {
                WriteGroup(group);
                continue;
            }
            var self = Self;
            _index.Write(entries).ContinueWith(
                done => self.Tell(new Indexed(group, done.Exception?.GetBaseException()), ActorRefs.NoSender),
                TaskScheduler.Default);
        }
    }

    private void OnIndexed(Indexed indexed)
    {
        if (indexed.Error is { } error)
        {
            // Nothing of the group was written: each writer fails, stops and recovers, and the stream asks again.
            foreach (var pending in indexed.Group)
            {
                pending.Completion.TrySetException(error);
                Forget(pending);
            }
            _indexing = null;
            IndexNext();
        }
        else
        {
            WriteGroup(indexed.Group);
            IndexNext(); // PostgreSQL: the next batch goes at once; SQLite: it waits for GroupDone
        }
    }

    /// <summary>One row per account event: which request it decided, at which sequence number.</summary>
    private static List<RequestIndexEntry> IndexEntries(List<PendingWrite> group)
    {
        var entries = new List<RequestIndexEntry>();
        foreach (var pending in group)
        foreach (var write in pending.Writes)
        foreach (var representation in (IEnumerable<IPersistentRepresentation>)write.Payload)
        {
            if (representation.Payload is IAccountEvent e)
                entries.Add(new RequestIndexEntry(representation.PersistenceId, RequestKey.Of(e.Outcome).Text,
                    representation.SequenceNr, e.Outcome.ProcessedAt));
        }
        return entries;
    }

    /// <summary>Runs on the journal's own thread: the base journal keeps per-actor state that is not thread-safe.</summary>
    private void WriteGroup(List<PendingWrite> group)
    {
        var rows = group.Sum(p => p.Writes.Sum(w => w.Size));
        var all = new List<AtomicWrite>(group.Sum(p => p.Writes.Count));
        foreach (var pending in group) all.AddRange(pending.Writes);

        Task<IImmutableList<Exception>> commit;
        try
        {
            // The group outlives any one caller's call timeout (each caller's own timeout still fails that caller).
            commit = base.WriteMessagesAsync(all, CancellationToken.None);
        }
        catch (Exception e)
        {
            commit = Task.FromException<IImmutableList<Exception>>(e);
        }
        Context.System.EventStream.Publish(new GroupCommitted(group.Count, rows));
        if (!_index.HasOneWriter)
        {
            // PostgreSQL takes concurrent writers: the next batch is indexed while this one commits. Batches still
            // reach the journal's ordered write queue in the order they were formed.
            commit.ContinueWith(done => Complete(group, done), TaskScheduler.Default);
            _indexing = null;
            return;
        }
        var self = Self;
        commit.ContinueWith(done =>
        {
            Complete(group, done);
            self.Tell(GroupDone.Instance, ActorRefs.NoSender);
        }, TaskScheduler.Default);
    }

    private void Complete(List<PendingWrite> group, Task<IImmutableList<Exception>> done)
    {
        var results = done.IsCompletedSuccessfully ? done.Result?.ToArray() : null;
        var offset = 0;
        foreach (var pending in group)
        {
            if (!done.IsCompletedSuccessfully)
                pending.Completion.TrySetException(done.Exception?.GetBaseException() ?? new TaskCanceledException());
            else if (results is null || results.Length == 0)
                pending.Completion.TrySetResult(ImmutableList<Exception>.Empty);
            else
                // One result per atomic write, in the order they were handed over: each caller gets its own slice.
                pending.Completion.TrySetResult(ImmutableList.CreateRange(new ArraySegment<Exception>(results, offset, pending.Writes.Count)));
            offset += pending.Writes.Count;
            Forget(pending);
        }
    }

    private void Forget(PendingWrite pending)
    {
        foreach (var write in pending.Writes)
            _inFlight.TryRemove(new KeyValuePair<string, Task>(write.PersistenceId, pending.Completion.Task));
    }

    private sealed class PendingWrite(IReadOnlyList<AtomicWrite> writes)
    {
        public IReadOnlyList<AtomicWrite> Writes { get; } = writes;

        public TaskCompletionSource<IImmutableList<Exception>> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Flush
    {
        public static readonly Flush Instance = new();
    }

    /// <summary>The group in <c>_indexing</c> is committed (or failed): the next one may go.</summary>
    private sealed class GroupDone
    {
        public static readonly GroupDone Instance = new();
    }

    private sealed record Indexed(List<PendingWrite> Group, Exception? Error) : INoSerializationVerificationNeeded;
}

/// <summary>Published on the event stream each time the journal commits a group: how many writes, how many rows.</summary>
public sealed record GroupCommitted(int Writes, int Rows);
