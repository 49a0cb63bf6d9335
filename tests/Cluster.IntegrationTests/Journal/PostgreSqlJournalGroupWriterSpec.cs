using Akka.Actor;
using Akka.Configuration;
using Akka.Payments.IntegrationTests.Infrastructure;
using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Journal;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Serialization;
using Akka.Persistence;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Journal;
using Npgsql;

namespace Akka.Payments.IntegrationTests.Journal;

/// <summary>
/// The group-commit journal's own write path (<see cref="JournalGroupWriter"/>) on PostgreSQL, with the journal
/// configuration a node runs: its rows are the rows Akka.Persistence.Sql writes (its journal replays ours, ours
/// replays and continues its), and a group's events and request-index rows commit together or not at all.
/// </summary>
public sealed class PostgreSqlJournalGroupWriterSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly string _database;

    public PostgreSqlJournalGroupWriterSpec() : this(Database())
    {
    }

    private PostgreSqlJournalGroupWriterSpec(string database) : base(Node(database, ours: true), "ours")
    {
        _database = database;
    }

    private static string Database()
    {
        var server = PostgreSqlServer.Shared;
        return server.SkipReason is null ? server.CreateDatabase("group_writer") : "Host=127.0.0.1;Port=1";
    }

    /// <summary>A node's journal on the database: ours as the node wires it, or Akka.Persistence.Sql's own (linq2db).</summary>
    private static Config Node(string database, bool ours, string extra = "")
    {
        // As a node runs it: the idle-in-transaction timeout of JournalSettings in the connection's options.
        var settings = new JournalSettings(JournalProvider.PostgreSql,
            new NpgsqlConnectionStringBuilder(database) { Options = "-c idle_in_transaction_session_timeout=5000" }.ConnectionString,
            JournalSettings.DefaultGroupCommitWindow, JournalSettings.DefaultStartTimeout);
        var connection = settings.ConnectionString.Replace("\"", "\\\"", StringComparison.Ordinal); // quoted in HOCON
        var journal = ConfigurationFactory.ParseString($$"""
            akka.persistence.journal.plugin = "akka.persistence.journal.sql"
            akka.persistence.journal.sql {
                connection-string = "{{connection}}"
                provider-name = "{{settings.LinqProviderName}}"
                auto-initialize = on
                {{extra}}
            }
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
            akka.persistence.snapshot-store.sql {
                connection-string = "{{connection}}"
                provider-name = "{{settings.LinqProviderName}}"
                auto-initialize = on
            }
            akka.test.single-expect-default = 20s
            """);
        var journalClass = ours ? typeof(GroupCommitJournal) : typeof(SqlWriteJournal);
        journal = journal.WithFallback(ConfigurationFactory.ParseString($"""
            akka.persistence.journal.sql.class = "{journalClass.AssemblyQualifiedName}"
            akka.persistence.journal.sql.group-commit.window = 2ms
            akka.persistence.journal.sql.replay-filter.mode = off
            """));
        return PaymentsSerialization.Config.WithFallback(journal).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    [SkippableFact]
    public void Events_written_by_the_group_writer_are_replayed_by_Akka_Persistence_Sql_and_the_other_way_round()
    {
        PostgreSqlServer.Require();
        Write(Sys, "written-by-ours", "1", "2");
        var theirs = ActorSystem.Create("theirs", Node(_database, ours: false));
        try
        {
            Assert.Equal(["1", "2"], Recover(theirs, "written-by-ours"));
            Write(theirs, "written-by-ours", "3");
            Write(theirs, "written-by-theirs", "a");
        }
        finally
        {
            Shutdown(theirs);
        }
        Write(Sys, "written-by-theirs", "b");
        Assert.Equal(["1", "2", "3"], Recover(Sys, "written-by-ours"));
        Assert.Equal(["a", "b"], Recover(Sys, "written-by-theirs"));
    }

    [SkippableFact]
    public void A_row_of_the_group_writer_is_column_for_column_the_row_Akka_Persistence_Sql_writes()
    {
        PostgreSqlServer.Require();
        var credit = new CreditRecorded(new CreditApplied("c-1", "acc", 5m, "EUR", 5m, "ev", "src", At));
        WriteEvents(Sys, "row-ours", credit, "plain");
        var theirs = ActorSystem.Create("theirs", Node(_database, ours: false));
        try
        {
            WriteEvents(theirs, "row-theirs", credit, "plain");
        }
        finally
        {
            Shutdown(theirs);
        }

        var ours = Rows("row-ours");
        var expected = Rows("row-theirs");
        Assert.Equal(2, ours.Count);
        Assert.Equal(expected.Count, ours.Count);
        for (var i = 0; i < ours.Count; i++)
        {
            foreach (var column in expected[i].Keys.Except(["ordering", "created", "writer_uuid", "persistence_id"]))
                Assert.Equal(expected[i][column], ours[i][column]);
            Assert.Equal(32, ((string)ours[i]["writer_uuid"]!).Length);
        }
    }

    [SkippableFact]
    public async Task A_group_that_fails_on_a_taken_sequence_number_commits_neither_its_events_nor_its_index_rows()
    {
        PostgreSqlServer.Require();
        var system = ActorSystem.Create("fenced", Node(_database, ours: true,
            "group-commit.window = 60s\ngroup-commit.max-rows = 2"));
        try
        {
            var probe = CreateTestProbe(system);
            var fenced = system.ActorOf(Props.Create(() => new Writer("fenced")));
            var innocent = system.ActorOf(Props.Create(() => new Writer("innocent")));
            fenced.Tell(Writer.Query, probe.Ref);
            innocent.Tell(Writer.Query, probe.Ref);
            probe.ExpectMsg<List<string>>();
            probe.ExpectMsg<List<string>>();
            TakeSequenceNumber("fenced", 1);
            probe.Watch(fenced);
            probe.Watch(innocent);

            fenced.Tell(new CreditRecorded(new CreditApplied("c-fenced", "acc", 1m, "EUR", 1m, "ev", "src", At)), probe.Ref);
            innocent.Tell(new CreditRecorded(new CreditApplied("c-innocent", "acc", 1m, "EUR", 1m, "ev", "src", At)), probe.Ref);

            var stopped = probe.ReceiveN(2).Cast<Terminated>().Select(t => t.ActorRef).ToHashSet();
            Assert.Equal([fenced, innocent], stopped.OrderBy(a => a == innocent));
            var index = RequestIndex.For(system.Settings.Config.GetConfig("akka.persistence.journal.sql"));
            Assert.Null(await index.FindSequenceNr("innocent", "c:c-innocent"));
            Assert.Empty(Rows("innocent"));
        }
        finally
        {
            Shutdown(system);
        }

        WriteEvents(Sys, "innocent", new CreditRecorded(new CreditApplied("c-again", "acc", 1m, "EUR", 1m, "ev", "src", At)));
        var again = RequestIndex.For(Sys.Settings.Config.GetConfig("akka.persistence.journal.sql"));
        Assert.Equal(1, await again.FindSequenceNr("innocent", "c:c-again"));
    }

    /// <summary>
    /// Deletes go through the group writer with statements of its own: Akka.Persistence.Sql's journal, run through the
    /// same script on the same database, is the model for the rows and tag rows left and for what recovery and new
    /// events see.
    /// </summary>
    [SkippableFact]
    public void Deleting_events_leaves_the_rows_Akka_Persistence_Sql_leaves_and_recovery_and_numbering_go_on_the_same()
    {
        PostgreSqlServer.Require();
        object[] script =
        [
            "e1", Tagged("e2"), "e3", "e4", new DeleteTo(3), "e5", Tagged("e6"), new DeleteTo(5), new DeleteTo(2), "e7",
            new DeleteTo(7), "e8", new DeleteTo(long.MaxValue), Tagged("e9"), "e10",
        ];
        RunScript(Sys, "delete-ours", script);
        var theirs = ActorSystem.Create("theirs", Node(_database, ours: false));
        try
        {
            RunScript(theirs, "delete-theirs", script);
            Assert.Equal(["e9", "e10", "after"], Recover(theirs, "delete-theirs"));
        }
        finally
        {
            Shutdown(theirs);
        }

        var model = SequenceNumbers("delete-theirs");
        Assert.Equal(["8 deleted", "9", "10", "11"], model); // the model as this spec expects it to behave
        Assert.Equal(model, SequenceNumbers("delete-ours"));
        Assert.Equal(["9 t"], TagRows("delete-theirs"));
        Assert.Equal(TagRows("delete-theirs"), TagRows("delete-ours"));
        Assert.Equal(["e9", "e10", "after"], Recover(Sys, "delete-ours"));
    }

    private static Akka.Persistence.Journal.Tagged Tagged(string e) => new(e, ["t"]);

    /// <summary>Each step of the script acknowledged, then one more event ("after") by a new incarnation.</summary>
    private void RunScript(ActorSystem node, string id, object[] script)
    {
        var probe = CreateTestProbe(node);
        var writer = node.ActorOf(Props.Create(() => new Writer(id)));
        foreach (var step in script)
        {
            writer.Tell(step, probe.Ref);
            probe.ExpectMsg(step is DeleteTo ? "deleted" : "persisted");
        }
        Stop(node, writer, probe);
        WriteEvents(node, id, "after");
    }

    private List<string> SequenceNumbers(string persistenceId) =>
        Rows(persistenceId).Select(r => $"{r["sequence_number"]}{((bool)r["deleted"]! ? " deleted" : "")}").ToList();

    private List<string> TagRows(string persistenceId)
    {
        using var db = new NpgsqlConnection(_database);
        db.Open();
        using var select = db.CreateCommand();
        select.CommandText = "SELECT sequence_nr, tag FROM tags WHERE persistence_id = @p ORDER BY sequence_nr, tag";
        select.Parameters.AddWithValue("@p", persistenceId);
        using var reader = select.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add($"{reader.GetInt64(0)} {reader.GetString(1)}");
        return rows;
    }

    private void Write(ActorSystem node, string id, params string[] events) => WriteEvents(node, id, events.Cast<object>().ToArray());

    private void WriteEvents(ActorSystem node, string id, params object[] events)
    {
        var probe = CreateTestProbe(node);
        var writer = node.ActorOf(Props.Create(() => new Writer(id)));
        foreach (var e in events)
        {
            writer.Tell(e, probe.Ref);
            probe.ExpectMsg("persisted");
        }
        Stop(node, writer, probe);
    }

    private List<string> Recover(ActorSystem node, string id)
    {
        var probe = CreateTestProbe(node);
        var writer = node.ActorOf(Props.Create(() => new Writer(id)));
        writer.Tell(Writer.Query, probe.Ref);
        var events = probe.ExpectMsg<List<string>>();
        Stop(node, writer, probe);
        return events;
    }

    private static void Stop(ActorSystem node, IActorRef writer, Akka.TestKit.TestProbe probe)
    {
        probe.Watch(writer);
        node.Stop(writer);
        probe.ExpectTerminated(writer);
    }

    private List<Dictionary<string, object?>> Rows(string persistenceId)
    {
        using var db = new NpgsqlConnection(_database);
        db.Open();
        using var select = db.CreateCommand();
        select.CommandText = "SELECT * FROM journal WHERE persistence_id = @p ORDER BY sequence_number";
        select.Parameters.AddWithValue("@p", persistenceId);
        using var reader = select.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        return rows;
    }

    private void TakeSequenceNumber(string persistenceId, long sequenceNr)
    {
        using var db = new NpgsqlConnection(_database);
        db.Open();
        using var insert = db.CreateCommand();
        insert.CommandText = "INSERT INTO journal (persistence_id, sequence_number, message, identifier, manifest, created, deleted) " +
                             "VALUES (@p, @s, '\\x00'::bytea, 1, '', 0, false)";
        insert.Parameters.AddWithValue("@p", persistenceId);
        insert.Parameters.AddWithValue("@s", sequenceNr);
        Assert.Equal(1, insert.ExecuteNonQuery());
    }

    private sealed class Writer : ReceivePersistentActor
    {
        public const string Query = "?";
        private readonly List<string> _events = [];
        private IActorRef _deleteRequester = ActorRefs.Nobody;

        public Writer(string id)
        {
            PersistenceId = id;
            Recover<string>(e => _events.Add(e));
            Recover<CreditRecorded>(e => _events.Add(e.Outcome.CreditId));
            Command<string>(q => q == Query, _ => Sender.Tell(_events.ToList()));
            Command<string>(e => Persist(e, persisted =>
            {
                _events.Add(persisted);
                Sender.Tell("persisted");
            }));
            Command<CreditRecorded>(e => Persist(e, _ => Sender.Tell("persisted")));
            Command<Akka.Persistence.Journal.Tagged>(t => Persist(t, persisted =>
            {
                _events.Add((string)persisted.Payload);
                Sender.Tell("persisted");
            }));
            Command<DeleteTo>(d =>
            {
                _deleteRequester = Sender;
                DeleteMessages(d.SequenceNr);
            });
            Command<DeleteMessagesSuccess>(_ => _deleteRequester.Tell("deleted"));
            Command<DeleteMessagesFailure>(f => _deleteRequester.Tell($"delete failed: {f.Cause.Message}"));
        }

        public override string PersistenceId { get; }
    }
}

/// <summary>A writer's request to delete its events up to a sequence number.</summary>
public sealed record DeleteTo(long SequenceNr);
