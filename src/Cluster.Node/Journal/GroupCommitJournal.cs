using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Payments.Node.Accounts.Idempotency;
using Akka.Payments.Shared.Accounts;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Journal;
using Akka.Serialization;
using Akka.Util;

namespace Akka.Payments.Node.Journal;

/// <summary>
/// Akka.Persistence.Sql's journal with group commit: the writes that arrive within a short window (or until a row
/// budget fills) go to the database as one transaction, each caller still getting its own result.
/// </summary>
/// <remarks>
/// Every account entity has at most one write in flight, and there are thousands of entities: left alone, the journal
/// commits one row per transaction, and a transaction costs far more CPU than a row (a connection, a query build, a
/// commit with its fsync). Waiting a millisecond or two lets one transaction carry the writes of many entities: it is
/// PostgreSQL's commit_delay, applied in front of any database. Durability is unchanged: no caller hears of success
/// before its rows are committed.
/// The group is written by <see cref="JournalGroupWriter"/>: its journal rows (as Akka.Persistence.Sql writes them)
/// and its <see cref="RequestIndex"/> rows in one transaction, so every durable decision can be found again by its
/// request id. Deletes go to the same writer, between groups (<see cref="DeleteMessagesToAsync"/>). Reads (recovery,
/// the highest sequence number) stay Akka.Persistence.Sql's.
/// Configuration, under the plugin's section: <c>group-commit.window</c> (0 commits every write on its own) and
/// <c>group-commit.max-rows</c>.
/// </remarks>
public sealed class GroupCommitJournal : SqlWriteJournal
{
    private readonly TimeSpan _window;
    private readonly int _maxRows;
    private readonly Timer _timer;
    private readonly JournalConfig _config;
    private readonly JournalGroupWriter _writer;
    private readonly string? _writerUuid;
    private readonly Akka.Serialization.Serialization _serialization;
    private readonly ConcurrentDictionary<string, Task> _inFlight = new();
    private readonly Queue<object> _toWrite = new(); // closed groups (List<PendingWrite>) and deletes (PendingDelete), in order
    private object? _writing; // the group or delete on the writer's connection, until it is done
    private Task _lastWrite = Task.CompletedTask;
    private List<PendingWrite> _group = [];
    private int _groupRows;

    public GroupCommitJournal(Config journalConfig) : base(journalConfig)
    {
        _window = journalConfig.GetTimeSpan("group-commit.window", TimeSpan.FromMilliseconds(2));
        _maxRows = journalConfig.GetInt("group-commit.max-rows", 1000);
        _config = new JournalConfig(journalConfig.WithFallback(SqlPersistence.DefaultJournalConfiguration));
        _writer = new JournalGroupWriter(_config, RequestIndex.For(journalConfig));
        // Akka.Persistence.Sql stamps its rows with an id of its journal instance; so does this one.
        _writerUuid = _config.TableConfig.EventJournalTable.UseWriterUuidColumn ? Guid.NewGuid().ToString("N") : null;
        _serialization = Context.System.Serialization;
        var self = Self;
        _timer = new Timer(_ => self.Tell(Flush.Instance, ActorRefs.NoSender));
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages as IReadOnlyList<AtomicWrite> ?? messages.ToList();
        // A batch of only deferred handlers (DeferAsync) carries no rows: nothing to commit, nothing to wait for.
        if (writes.Count == 0) return Task.FromResult<IImmutableList<Exception>>(ImmutableList<Exception>.Empty);

        var pending = Serialize(writes, DateTime.UtcNow.Ticks);
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
            case WriterDone done:
                OnWriterDone(done);
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
        foreach (var job in _toWrite.Append(_writing).Append(_group))
        {
            if (job is List<PendingWrite> group)
                foreach (var pending in group) pending.Completion.TrySetException(stopped);
            else if (job is PendingDelete delete) delete.Completion.TrySetException(stopped);
        }
        // The connection closes once the write on it (if any) is done.
        var writer = _writer;
        _lastWrite.ContinueWith(_ => writer.DisposeAsync().AsTask(), TaskScheduler.Default);
        base.PostStop();
    }

    /// <summary>Closes the current group and queues it for the database.</summary>
    private void CommitGroup()
    {
        if (_group.Count == 0) return;
        _toWrite.Enqueue(_group);
        _group = [];
        _groupRows = 0;
        WriteNext();
    }

    /// <summary>
    /// Deletes go to the writer's connection like groups, in the order they came, so that on SQLite a plane deleting
    /// its old events neither waits for the single write lock behind a group nor holds one up (see
    /// <see cref="JournalGroupWriter.Delete"/>). Akka.Persistence.Sql's own delete, on another connection, did both.
    /// </summary>
    protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        if (_config.DaoConfig.SqlCommonCompatibilityMode) return base.DeleteMessagesToAsync(persistenceId, toSequenceNr, cancellationToken);
        var delete = new PendingDelete(persistenceId, toSequenceNr);
        _toWrite.Enqueue(delete);
        WriteNext();
        return delete.Completion.Task;
    }

    /// <summary>
    /// Writes the next group (or delete), one at a time, so that groups reach the journal in the order they were
    /// formed (an account's later event never commits before its earlier one) and SQLite's single write lock has one
    /// taker. While one group is being committed the next one grows, which is group commit again.
    /// </summary>
    private void WriteNext()
    {
        if (_writing is not null || !_toWrite.TryDequeue(out var job)) return;
        _writing = job;
        var write = job switch
        {
            List<PendingWrite> group => WriteGroup(group),
            PendingDelete delete => Start(() => _writer.Delete(delete.PersistenceId, delete.ToSequenceNr, CancellationToken.None)),
            _ => throw new InvalidOperationException($"Not a journal job: {job}"),
        };
        _lastWrite = write;
        var self = Self;
        write.ContinueWith(done =>
        {
            var error = done.IsCompletedSuccessfully ? null : done.Exception?.GetBaseException() ?? new TaskCanceledException();
            if (job is List<PendingWrite> group) Complete(group, error);
            else if (job is PendingDelete delete)
            {
                if (error is null) delete.Completion.TrySetResult();
                else delete.Completion.TrySetException(error);
            }
            self.Tell(new WriterDone(job), ActorRefs.NoSender);
        }, TaskScheduler.Default);
    }

    private Task WriteGroup(List<PendingWrite> group)
    {
        // Groups closed while the last job was being done go on together: one transaction (up to the next delete).
        while (_toWrite.TryPeek(out var next) && next is List<PendingWrite> following)
        {
            _toWrite.Dequeue();
            group.AddRange(following);
        }

        var rows = new List<JournalRowToWrite>();
        var entries = new List<RequestIndexEntry>();
        var size = 0;
        foreach (var pending in group)
        {
            rows.AddRange(pending.Rows);
            entries.AddRange(pending.IndexEntries);
            size += pending.Writes.Sum(w => w.Size);
        }
        Context.System.EventStream.Publish(new GroupCommitted(group.Count, size));
        // The group outlives any one caller's call timeout (each caller's own timeout still fails that caller).
        return Start(() => _writer.Write(rows, entries, CancellationToken.None));
    }

    /// <summary>The writer's task, or its synchronous throw as a failed task.</summary>
    private static Task Start(Func<Task> write)
    {
        try
        {
            return write();
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    private void OnWriterDone(WriterDone done)
    {
        if (ReferenceEquals(done.Job, _writing)) _writing = null;
        WriteNext();
    }

    /// <summary>Each writer hears of its own writes: success with its rejections, or the group's failure (it stops and recovers).</summary>
    private void Complete(List<PendingWrite> group, Exception? error)
    {
        foreach (var pending in group)
        {
            if (error is not null) pending.Completion.TrySetException(error);
            else pending.Completion.TrySetResult(pending.Rejections);
            Forget(pending);
        }
    }

    private void Forget(PendingWrite pending)
    {
        foreach (var write in pending.Writes)
            _inFlight.TryRemove(new KeyValuePair<string, Task>(write.PersistenceId, pending.Completion.Task));
    }

    /// <summary>
    /// The rows of a caller's atomic writes, serialized as Akka.Persistence.Sql's <c>ByteArrayJournalSerializer</c>
    /// does, and their request-index entries. An atomic write whose payload cannot be serialized is rejected on its
    /// own (no row of it is written); the others go on.
    /// </summary>
    private PendingWrite Serialize(IReadOnlyList<AtomicWrite> writes, long now)
    {
        var rows = new List<JournalRowToWrite>(writes.Count);
        var entries = new List<RequestIndexEntry>();
        // One result per atomic write, null for those written (Akka checks the count).
        var rejections = new Exception?[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i];
            var entriesBefore = entries.Count;
            try
            {
                if (write.Payload is not IImmutableList<IPersistentRepresentation> payloads)
                    throw new ArgumentNullException(nameof(writes),
                        $"{write.PersistenceId} received empty payload for sequenceNr range {write.LowestSequenceNr} - {write.HighestSequenceNr}");
                // All of the write's rows and index entries, or none of them.
                var serialized = new JournalRowToWrite[payloads.Count];
                for (var j = 0; j < payloads.Count; j++)
                {
                    var representation = payloads[j];
                    serialized[j] = Row(representation, now);
                    if (representation.Payload is IAccountEvent e)
                        entries.Add(new RequestIndexEntry(representation.PersistenceId, RequestKey.Of(e.Outcome).Text,
                            representation.SequenceNr, e.Outcome.ProcessedAt));
                }
                rows.AddRange(serialized);
            }
            catch (Exception e)
            {
                rejections[i] = e;
                entries.RemoveRange(entriesBefore, entries.Count - entriesBefore);
            }
        }
        return new PendingWrite(writes, rows, entries, ImmutableList.CreateRange<Exception>(rejections!));
    }

    private JournalRowToWrite Row(IPersistentRepresentation representation, long now)
    {
        var payload = representation.Payload;
        IImmutableSet<string> tags = ImmutableHashSet<string>.Empty;
        if (payload is Tagged tagged)
        {
            payload = tagged.Payload;
            tags = tagged.Tags;
        }
        var serializer = _serialization.FindSerializerForType(payload.GetType(), _config.DefaultSerializer);
        // As Akka.Persistence.Sql: with the system as transport, so that actor references in a payload serialize.
        var (bytes, manifest) = Akka.Serialization.Serialization.WithTransport(_serialization.System, (serializer, payload), static state =>
        {
            var (s, p) = state;
            var m = s switch
            {
                SerializerWithStringManifest stringManifest => stringManifest.Manifest(p),
                { IncludeManifest: true } => p.GetType().TypeQualifiedName(),
                _ => string.Empty,
            };
            return (s.ToBinary(p), m);
        });
        var separator = _config.PluginConfig.TagSeparator;
        return new JournalRowToWrite(
            representation.PersistenceId, representation.SequenceNr, bytes, serializer.Identifier, manifest,
            representation.Timestamp == 0 ? now : representation.Timestamp, _writerUuid,
            tags.Count == 0 ? string.Empty : separator + string.Join(separator, tags) + separator,
            tags.Count == 0 ? [] : tags.ToArray(),
            representation.Manifest);
    }

    private sealed class PendingWrite(IReadOnlyList<AtomicWrite> writes, List<JournalRowToWrite> rows, List<RequestIndexEntry> indexEntries,
        IImmutableList<Exception> rejections)
    {
        public IReadOnlyList<AtomicWrite> Writes { get; } = writes;
        public List<JournalRowToWrite> Rows { get; } = rows;
        public List<RequestIndexEntry> IndexEntries { get; } = indexEntries;

        /// <summary>One entry per atomic write: the reason it was rejected, or null.</summary>
        public IImmutableList<Exception> Rejections { get; } = rejections;

        public TaskCompletionSource<IImmutableList<Exception>> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class PendingDelete(string persistenceId, long toSequenceNr)
    {
        public string PersistenceId { get; } = persistenceId;
        public long ToSequenceNr { get; } = toSequenceNr;
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Flush
    {
        public static readonly Flush Instance = new();
    }

    /// <summary>The group or delete in <c>_writing</c> is done (or failed): the next one may go.</summary>
    private sealed record WriterDone(object Job) : INoSerializationVerificationNeeded;
}

/// <summary>Published on the event stream each time the journal commits a group: how many writes, how many rows.</summary>
public sealed record GroupCommitted(int Writes, int Rows);
