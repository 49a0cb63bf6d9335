using Akka.Actor;
using Akka.Configuration;
using Akka.Payments.Node.Journal;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Serialization;
using Akka.Persistence;
using Akka.Persistence.Sql.Journal;
using Microsoft.Data.Sqlite;

namespace Akka.Payments.Node.Tests.Journal;

/// <summary>
/// The group-commit journal's own write path (<see cref="JournalGroupWriter"/>) against a real SQLite file: its rows
/// are the rows Akka.Persistence.Sql writes, each way round (its journal replays ours, ours replays and continues
/// its), and a group's events and request-index rows commit together or not at all.
/// </summary>
public sealed class JournalGroupWriterSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly string _database;

    public JournalGroupWriterSpec() : this(SqliteJournal.NewDatabase("group-writer"))
    {
    }

    private JournalGroupWriterSpec(string database) : base(Node(database, ours: true), "ours")
    {
        _database = database;
    }

    /// <summary>A node's journal on the database: ours, or Akka.Persistence.Sql's own (linq2db) as before.</summary>
    private static Config Node(string database, bool ours, string extra = "") =>
        PaymentsSerialization.Config.WithFallback(SqliteJournal.ConfigFor(database, ours
            ? $$"""
              class = "{{typeof(GroupCommitJournal).AssemblyQualifiedName}}"
              group-commit.window = 2ms
              {{extra}}
              """
            : $$"""
              class = "{{typeof(SqlWriteJournal).AssemblyQualifiedName}}"
              max-row-by-row-size = 0
              """));

    [Fact]
    public async Task The_writer_waits_for_another_connections_write_lock_inside_SQLite_not_in_150_ms_sleeps()
    {
        // Microsoft.Data.Sqlite's own retry sleeps 150 ms per busy attempt (busy_timeout 0, its default); SQLite's busy
        // handler polls every few milliseconds and returns as soon as the lock is free.
        var config = SqliteJournal.ConfigFor(_database).GetConfig("akka.persistence.journal.sql")
            .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultJournalConfiguration);
        await using var writer = new JournalGroupWriter(new Akka.Persistence.Sql.Config.JournalConfig(config), RequestIndex.For(config));

        Assert.Equal((long)JournalGroupWriter.BusyTimeoutMs, await writer.SqlitePragma("busy_timeout"));
        await using var other = new SqliteConnection(_database);
        await other.OpenAsync();
        await using var pragma = other.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout;";
        Assert.Equal(0L, await pragma.ExecuteScalarAsync()); // what every other connection has
    }

    [Fact]
    public void Events_written_by_the_group_writer_are_replayed_by_Akka_Persistence_Sql()
    {
        Write(Sys, "written-by-ours", "1", "2", "3");
        var theirs = ActorSystem.Create("theirs", Node(_database, ours: false));
        try
        {
            Assert.Equal(["1", "2", "3"], Recover(theirs, "written-by-ours"));
        }
        finally
        {
            Shutdown(theirs);
        }
    }

    [Fact]
    public void Rows_Akka_Persistence_Sql_wrote_are_replayed_and_continued_by_the_group_writer()
    {
        var theirs = ActorSystem.Create("theirs", Node(_database, ours: false));
        try
        {
            Write(theirs, "written-by-theirs", "1", "2");
        }
        finally
        {
            Shutdown(theirs);
        }
        Write(Sys, "written-by-theirs", "3");
        Assert.Equal(["1", "2", "3"], Recover(Sys, "written-by-theirs"));
    }

    [Fact]
    public void A_row_of_the_group_writer_is_column_for_column_the_row_Akka_Persistence_Sql_writes()
    {
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
            // Every column but the ordering, the time of the write and the writer's id (one per journal instance).
            foreach (var column in expected[i].Keys.Except(["ordering", "created", "writer_uuid", "persistence_id"]))
                Assert.Equal(expected[i][column], ours[i][column]);
            Assert.Equal(32, ((string)ours[i]["writer_uuid"]!).Length);
            Assert.InRange(Convert.ToInt64(ours[i]["created"], System.Globalization.CultureInfo.InvariantCulture),
                DateTime.UtcNow.AddMinutes(-5).Ticks, DateTime.UtcNow.Ticks);
        }
    }

    [Fact]
    public async Task A_group_that_fails_on_a_taken_sequence_number_commits_neither_its_events_nor_its_index_rows()
    {
        // Two writes in one group (its row budget is 2, its window longer than the spec): an account whose next
        // sequence number another incarnation took meanwhile, and an innocent one.
        var system = ActorSystem.Create("fenced", Node(_database, ours: true, "group-commit.window = 60s\ngroup-commit.max-rows = 2"));
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

            // Both writers of the group hear of the failure and stop, as Akka does on a failed write.
            var stopped = probe.ReceiveN(2).Cast<Terminated>().Select(t => t.ActorRef).ToHashSet();
            Assert.Equal([fenced, innocent], stopped.OrderBy(a => a == innocent));
            var index = RequestIndex.For(system.Settings.Config.GetConfig("akka.persistence.journal.sql"));
            Assert.Null(await index.FindSequenceNr("innocent", "c:c-innocent"));
            Assert.Null(await index.FindSequenceNr("fenced", "c:c-fenced"));
            Assert.Empty(Rows("innocent"));
        }
        finally
        {
            Shutdown(system);
        }

        // The journal keeps working after a failed group: the innocent account writes again.
        WriteEvents(Sys, "innocent", new CreditRecorded(new CreditApplied("c-again", "acc", 1m, "EUR", 1m, "ev", "src", At)));
        var again = RequestIndex.For(Sys.Settings.Config.GetConfig("akka.persistence.journal.sql"));
        Assert.Equal(1, await again.FindSequenceNr("innocent", "c:c-again"));
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
        using var db = new SqliteConnection(_database);
        db.Open();
        using var select = db.CreateCommand();
        select.CommandText = "SELECT * FROM journal WHERE persistence_id = $p ORDER BY sequence_number";
        select.Parameters.AddWithValue("$p", persistenceId);
        using var reader = select.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        return rows;
    }

    /// <summary>Another incarnation's row at this sequence number, written behind the journal's back.</summary>
    private void TakeSequenceNumber(string persistenceId, long sequenceNr)
    {
        using var db = new SqliteConnection(_database);
        db.Open();
        using var insert = db.CreateCommand();
        insert.CommandText = "INSERT INTO journal (persistence_id, sequence_number, message, identifier, manifest, created, deleted) " +
                             "VALUES ($p, $s, x'00', 1, '', 0, 0)";
        insert.Parameters.AddWithValue("$p", persistenceId);
        insert.Parameters.AddWithValue("$s", sequenceNr);
        Assert.Equal(1, insert.ExecuteNonQuery());
    }

    private sealed class Writer : ReceivePersistentActor
    {
        public const string Query = "?";
        private readonly List<string> _events = [];

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
        }

        public override string PersistenceId { get; }
    }
}
