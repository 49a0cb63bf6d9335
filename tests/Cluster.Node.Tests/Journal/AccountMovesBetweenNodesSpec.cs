using Akka.Actor;
using Akka.Configuration;
using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Hosting;
using Akka.Persistence;

namespace Akka.Payments.Node.Tests.Journal;

/// <summary>
/// Two actor systems on one database file, as two nodes on one journal, with the journal configuration a node runs.
/// Akka.Persistence.Sql stamps every row with the writer id of its journal (one per node process), not of the entity
/// that wrote it. An account that moves to another node and back therefore looks, on replay, like an old writer that
/// kept writing after a new one: Akka's default replay filter (repair-by-discard-old) drops those events, and the
/// account recovers without them. Found by the chaos run: an account declined payments its balance covered.
/// </summary>
public sealed class AccountMovesBetweenNodesSpec : Akka.TestKit.Xunit2.TestKit
{
    private readonly string _database;

    public AccountMovesBetweenNodesSpec() : this(SqliteJournal.NewDatabase("account-moves"))
    {
    }

    private AccountMovesBetweenNodesSpec(string database) : base(NodeJournal(database), "node-a")
    {
        _database = database;
    }

    private Config NodeJournal() => NodeJournal(_database);

    private static Config NodeJournal(string database)
    {
        var settings = new JournalSettings(JournalProvider.Sqlite, database, JournalSettings.DefaultGroupCommitWindow, JournalSettings.DefaultStartTimeout);
        return ConfigurationFactory.ParseString(JournalWiring.Tuning(settings)).WithFallback(SqliteJournal.ConfigFor(database));
    }

    [Fact]
    public void An_account_that_moves_to_another_node_and_back_recovers_every_event_it_wrote_on_either()
    {
        var nodeB = ActorSystem.Create("node-b", NodeJournal());
        try
        {
            Write(Sys, "1", "2");
            Write(nodeB, "3");
            Write(Sys, "4", "5"); // back on the first node, whose journal wrote 1 and 2
            Write(nodeB, "6");

            Assert.Equal(["1", "2", "3", "4", "5", "6"], Recover(nodeB));
            Assert.Equal(["1", "2", "3", "4", "5", "6"], Recover(Sys));
        }
        finally
        {
            Shutdown(nodeB);
        }
    }

    [Fact]
    public void Of_two_incarnations_alive_at_once_on_two_nodes_only_the_first_to_write_a_sequence_number_keeps_it()
    {
        var nodeB = ActorSystem.Create("node-b", NodeJournal());
        try
        {
            Write(Sys, "1");
            var onA = CreateTestProbe(Sys);
            var onB = CreateTestProbe(nodeB);
            var first = Sys.ActorOf(Props.Create(() => new Account()));
            var second = nodeB.ActorOf(Props.Create(() => new Account()));
            first.Tell(Account.Query, onA.Ref);
            second.Tell(Account.Query, onB.Ref);
            Assert.Equal(["1"], onA.ExpectMsg<List<string>>()); // both recovered: both would write sequence number 2
            Assert.Equal(["1"], onB.ExpectMsg<List<string>>());
            onB.Watch(second);

            first.Tell("from-a", onA.Ref);
            onA.ExpectMsg("persisted:from-a");
            second.Tell("from-b", onB.Ref);
            onB.ExpectTerminated(second); // its write failed on the unique (persistence_id, sequence_number): it stopped

            Stop(Sys, first, onA);
            Assert.Equal(["1", "from-a"], Recover(nodeB));
        }
        finally
        {
            Shutdown(nodeB);
        }
    }

    /// <summary>One incarnation of the account on <paramref name="node"/>: recovers, writes, stops.</summary>
    private void Write(ActorSystem node, params string[] events)
    {
        var probe = CreateTestProbe(node);
        var account = node.ActorOf(Props.Create(() => new Account()));
        foreach (var e in events)
        {
            account.Tell(e, probe.Ref);
            probe.ExpectMsg($"persisted:{e}");
        }
        Stop(node, account, probe);
    }

    private List<string> Recover(ActorSystem node)
    {
        var probe = CreateTestProbe(node);
        var account = node.ActorOf(Props.Create(() => new Account()));
        account.Tell(Account.Query, probe.Ref);
        var events = probe.ExpectMsg<List<string>>();
        Stop(node, account, probe);
        return events;
    }

    private static void Stop(ActorSystem node, IActorRef account, Akka.TestKit.TestProbe probe)
    {
        probe.Watch(account);
        node.Stop(account);
        probe.ExpectTerminated(account);
    }

    private sealed class Account : ReceivePersistentActor
    {
        public const string Query = "?";
        private readonly List<string> _events = [];

        public Account()
        {
            Recover<string>(e => _events.Add(e));
            Command<string>(q => q == Query, _ => Sender.Tell(_events.ToList()));
            Command<string>(e => PersistAsync(e, persisted =>
            {
                _events.Add(persisted);
                Sender.Tell($"persisted:{persisted}");
            }));
        }

        public override string PersistenceId => "account-moves";
    }
}
