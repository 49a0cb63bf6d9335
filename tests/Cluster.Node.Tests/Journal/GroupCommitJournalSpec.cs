using Akka.Actor;
using Akka.Configuration;
using Akka.Payments.Node.Journal;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;
using Akka.Persistence;
using Akka.TestKit.Xunit2;

namespace Akka.Payments.Node.Tests.Journal;

/// <summary>The group-commit journal against a real SQLite file: writes of many actors share transactions.</summary>
public sealed class GroupCommitJournalSpec() : Akka.TestKit.Xunit2.TestKit(Config(), "group-commit-journal-spec")
{
    private static Config Config() => SqliteJournal.Config("group-commit-spec", $$"""
        class = "{{typeof(GroupCommitJournal).AssemblyQualifiedName}}"
        parallelism = 1
        # Long enough that writes sent together on a loaded machine land in one group.
        group-commit.window = 200ms
        group-commit.max-rows = 1000
        """);

    private IActorRef Writer(string id) => Sys.ActorOf(Props.Create(() => new Recorder(id)));

    [Fact]
    public void Writes_of_many_actors_sent_together_share_one_transaction_and_each_gets_its_reply()
    {
        // A window longer than the spec, so that only the row budget of 20 closes the group: however loaded the
        // machine, the 20 writes must go as one transaction, and a single write committed on its own shows.
        var system = ActorSystem.Create("group-commit-shared", SqliteJournal.Config("group-commit-shared", $$"""
            class = "{{typeof(GroupCommitJournal).AssemblyQualifiedName}}"
            parallelism = 1
            group-commit.window = 60s
            group-commit.max-rows = 20
            """));
        try
        {
            var groups = CreateTestProbe(system);
            system.EventStream.Subscribe(groups.Ref, typeof(GroupCommitted));
            var replies = CreateTestProbe(system);
            var writers = Enumerable.Range(0, 20).Select(i => system.ActorOf(Props.Create(() => new Recorder($"writer-{i}")))).ToList();

            foreach (var (writer, i) in writers.Select((w, i) => (w, i))) writer.Tell($"event-{i}", replies.Ref);

            Assert.Equal(new GroupCommitted(20, 20), groups.ExpectMsg<GroupCommitted>());
            var received = replies.ReceiveN(20).Cast<string>().Order().ToList();
            Assert.Equal(Enumerable.Range(0, 20).Select(i => $"persisted:event-{i}").Order(), received);
            groups.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        }
        finally
        {
            Shutdown(system);
        }
    }

    [Fact]
    public void What_was_committed_in_a_group_is_there_after_a_restart()
    {
        var writers = Enumerable.Range(0, 5).Select(i => Writer($"restart-{i}")).ToList();
        for (var round = 0; round < 3; round++)
        {
            foreach (var writer in writers) writer.Tell($"round-{round}");
            ReceiveN(5);
        }
        foreach (var writer in writers)
        {
            Watch(writer);
            Sys.Stop(writer);
            ExpectTerminated(writer);
        }

        for (var i = 0; i < 5; i++)
        {
            Writer($"restart-{i}").Tell(Recorder.Query);
            Assert.Equal(["round-0", "round-1", "round-2"], ExpectMsg<IReadOnlyList<string>>());
        }
    }

    [Fact]
    public void A_write_the_journal_rejects_fails_only_its_own_writer_in_the_group()
    {
        var good = Writer("good");
        var bad = Writer("bad");
        var alsoGood = Writer("also-good");

        good.Tell("before");
        bad.Tell(new Unserializable());
        alsoGood.Tell("after");

        var replies = ReceiveN(3).Cast<string>().ToList();
        Assert.Equal(["persisted:after", "persisted:before", "rejected"], replies.Order());
        good.Tell(Recorder.Query);
        Assert.Equal(["before"], ExpectMsg<IReadOnlyList<string>>());
    }

    [Fact]
    public void A_deferral_queued_behind_a_write_in_flight_does_not_become_a_group_of_its_own()
    {
        var groups = CreateTestProbe();
        Sys.EventStream.Subscribe(groups.Ref, typeof(GroupCommitted));
        var writer = Writer("deferring");

        // The deferral arrives while the first write is in flight, so Akka sends it to the journal in a batch of its
        // own, with no events in it.
        writer.Tell(Recorder.Async + "first");
        writer.Tell(Recorder.Defer);
        ExpectMsg("persisted:first");
        ExpectMsg("deferred");
        writer.Tell("second");
        ExpectMsg("persisted:second");

        Assert.Equal(new GroupCommitted(1, 1), groups.ExpectMsg<GroupCommitted>());
        Assert.Equal(new GroupCommitted(1, 1), groups.ExpectMsg<GroupCommitted>());
    }

    [Fact]
    public async Task Every_account_event_of_a_group_is_in_the_request_index_before_its_writer_hears_of_it()
    {
        var index = RequestIndex.For(Sys.Settings.Config.GetConfig("akka.persistence.journal.sql"));
        var at = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        var writers = Enumerable.Range(0, 10).Select(i => Writer($"indexed-{i}")).ToList();
        foreach (var (writer, i) in writers.Select((w, i) => (w, i)))
        {
            writer.Tell($"plain-{i}"); // sequence number 1: not an account event, not indexed
            writer.Tell(new CreditRecorded(new CreditApplied($"c-{i}", "acc", 1m, "EUR", 1m, "ev", "src", at)));
        }

        var replies = ReceiveN(20).Cast<string>().ToList();
        Assert.Equal(10, replies.Count(r => r.StartsWith("persisted:c-", StringComparison.Ordinal)));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(2, await index.FindSequenceNr($"indexed-{i}", $"c:c-{i}"));
            Assert.Null(await index.FindSequenceNr($"indexed-{i}", $"p:c-{i}"));
        }
        Assert.Equal(10, await index.DeleteDecidedBefore(at.AddMilliseconds(1)));
        Assert.Null(await index.FindSequenceNr("indexed-0", "c:c-0"));
    }

    /// <summary>
    /// The journal deletes events on its writer's connection with statements of its own; Akka.Persistence.Sql's own
    /// journal, run through the same script on another file, is the model: the same rows and tag rows are left, and
    /// recovery and the numbering of new events go on the same.
    /// </summary>
    [Fact]
    public void Deleting_events_leaves_the_rows_Akka_Persistence_Sql_leaves_and_recovery_and_numbering_go_on_the_same()
    {
        string[] script =
        [
            "e1", Recorder.Tagged + "e2", "e3", "e4", Recorder.Delete + "3", "e5", Recorder.Tagged + "e6", Recorder.Delete + "5",
            Recorder.Delete + "2", "e7", Recorder.Delete + "7", "e8", Recorder.Delete + long.MaxValue, Recorder.Tagged + "e9", "e10",
        ];
        var ours = RunScript(typeof(GroupCommitJournal), script);
        var model = RunScript(typeof(Akka.Persistence.Sql.Journal.SqlWriteJournal), script);

        Assert.Equal(["8 deleted", "9", "10", "11"], model.Rows); // the model as this spec expects it to behave
        Assert.Equal(model.Rows, ours.Rows);
        Assert.Equal(["9 t"], model.Tags);
        Assert.Equal(model.Tags, ours.Tags);
        Assert.Equal(["e9", "e10", "after"], ours.Recovered);
        Assert.Equal(model.Recovered, ours.Recovered);
    }

    /// <summary>Runs the script against a new SQLite file with the given journal; what the file and a recovery hold after it.</summary>
    private (List<string> Rows, List<string> Tags, IReadOnlyList<string> Recovered) RunScript(Type journal, string[] script)
    {
        var connection = SqliteJournal.NewDatabase("delete-" + journal.Name);
        var system = ActorSystem.Create("delete-" + journal.Name, SqliteJournal.ConfigFor(connection, $$"""
            class = "{{journal.AssemblyQualifiedName}}"
            parallelism = 1
            """));
        try
        {
            var probe = CreateTestProbe(system);
            var writer = system.ActorOf(Props.Create(() => new Recorder("deleting")));
            foreach (var step in script)
            {
                writer.Tell(step, probe.Ref);
                var reply = probe.ExpectMsg<string>();
                Assert.True(reply.StartsWith("persisted:", StringComparison.Ordinal) || reply == "deleted", $"{journal.Name}, {step}: {reply}");
            }
            probe.Watch(writer);
            system.Stop(writer);
            probe.ExpectTerminated(writer);

            var recovered = system.ActorOf(Props.Create(() => new Recorder("deleting")));
            recovered.Tell("after", probe.Ref);
            probe.ExpectMsg("persisted:after");
            recovered.Tell(Recorder.Query, probe.Ref);
            var events = probe.ExpectMsg<IReadOnlyList<string>>();
            return (Read(connection, "SELECT sequence_number, deleted FROM journal WHERE persistence_id = 'deleting' ORDER BY sequence_number",
                        r => r.GetInt64(1) == 0 ? $"{r.GetInt64(0)}" : $"{r.GetInt64(0)} deleted"),
                    Read(connection, "SELECT sequence_nr, tag FROM tags WHERE persistence_id = 'deleting' ORDER BY sequence_nr, tag",
                        r => $"{r.GetInt64(0)} {r.GetString(1)}"),
                    events);
        }
        finally
        {
            Shutdown(system);
        }
    }

    private static List<string> Read(string connection, string sql, Func<Microsoft.Data.Sqlite.SqliteDataReader, string> row)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection(connection);
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(row(reader));
        return rows;
    }

    /// <summary>An event no serializer can write: the journal rejects it.</summary>
    public sealed class Unserializable
    {
        public string Value => throw new InvalidOperationException("cannot be serialized");
    }

    private sealed class Recorder : ReceivePersistentActor
    {
        public const string Query = "?";
        public const string Defer = "defer";
        public const string Async = "async:";
        public const string Tagged = "tagged:";
        public const string Delete = "delete:";
        private readonly List<string> _events = [];
        private IActorRef _deleteRequester = ActorRefs.Nobody;

        public Recorder(string id)
        {
            PersistenceId = id;
            Recover<string>(e => _events.Add(e));
            Command<string>(q => q == Query, _ => Sender.Tell((IReadOnlyList<string>)_events.ToList()));
            Command<string>(d => d == Defer, d => DeferAsync(d, _ => Sender.Tell("deferred")));
            Command<string>(a => a.StartsWith(Async, StringComparison.Ordinal), a => PersistAsync(a[Async.Length..], persisted =>
            {
                _events.Add(persisted);
                Sender.Tell($"persisted:{persisted}");
            }));
            Command<string>(t => t.StartsWith(Tagged, StringComparison.Ordinal), t => Persist(new Akka.Persistence.Journal.Tagged(t[Tagged.Length..], ["t"]), persisted =>
            {
                var e = (string)persisted.Payload;
                _events.Add(e);
                Sender.Tell($"persisted:{e}");
            }));
            Command<string>(d => d.StartsWith(Delete, StringComparison.Ordinal), d =>
            {
                _deleteRequester = Sender;
                DeleteMessages(long.Parse(d[Delete.Length..], System.Globalization.CultureInfo.InvariantCulture));
            });
            Command<DeleteMessagesSuccess>(_ => _deleteRequester.Tell("deleted"));
            Command<DeleteMessagesFailure>(f => _deleteRequester.Tell($"delete failed: {f.Cause.Message}"));
            Command<string>(e => Persist(e, persisted =>
            {
                _events.Add(persisted);
                Sender.Tell($"persisted:{persisted}");
            }));
            Command<Unserializable>(e => Persist(e, _ => Sender.Tell("persisted:unserializable")));
            Command<CreditRecorded>(e => Persist(e, persisted => Sender.Tell($"persisted:{persisted.Outcome.CreditId}")));
        }

        public override string PersistenceId { get; }

        protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr) => Sender.Tell("rejected");
    }
}
