using System.Net;
using System.Net.Sockets;
using Akka.Configuration;
using Akka.Pattern;
using Akka.Payments.Node.Journal;
using Akka.Persistence;
using Akka.Persistence.Sql;

namespace Akka.Payments.Node.Tests.Journal;

/// <summary>
/// The snapshot store against a PostgreSQL endpoint that first refuses every connection and then holds them without a
/// word: the breaker opens, turns half-open, and its trial call hangs. What comes meanwhile must still be answered.
/// </summary>
public sealed class AnsweringSnapshotStoreSpec : Akka.TestKit.Xunit2.TestKit
{
    private readonly MutePostgres _database;

    public AnsweringSnapshotStoreSpec() : this(new MutePostgres()) { }

    private AnsweringSnapshotStoreSpec(MutePostgres database) : base(Config(database.Port), "answering-snapshot-store-spec")
    {
        _database = database;
    }

    private static Config Config(int port) => ConfigurationFactory.ParseString($$"""
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
        akka.persistence.snapshot-store.sql {
            class = "{{typeof(AnsweringSnapshotStore).AssemblyQualifiedName}}"
            connection-string = "Host=127.0.0.1;Port={{port}};Username=payments;Password=payments;Database=payments;Timeout=20;Pooling=false;SSL Mode=Disable"
            provider-name = "PostgreSQL.15"
            auto-initialize = off
            circuit-breaker {
                max-failures = 1
                call-timeout = 30s
                reset-timeout = 200ms
            }
        }
        """).WithFallback(SqlPersistence.DefaultConfiguration);

    private static LoadSnapshot Load(string persistenceId) => new(persistenceId, SnapshotSelectionCriteria.Latest, long.MaxValue);

    [Fact]
    public void A_request_that_finds_the_breaker_half_open_with_its_trial_call_in_flight_is_answered_with_the_refusal()
    {
        var store = Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);

        // The database refuses the connection: one failure opens the breaker.
        var first = CreateTestProbe();
        store.Tell(Load("account-1"), first.Ref);
        Assert.IsNotType<OpenCircuitException>(first.ExpectMsg<LoadSnapshotFailed>().Cause);

        // From now on the database accepts connections and never answers. Once the reset timeout has passed, the next
        // request is the half-open breaker's trial call, and it hangs on such a connection.
        _database.HoldConnections();
        var trial = CreateTestProbe();
        AwaitCondition(() =>
        {
            while (trial.HasMessages) Assert.IsType<OpenCircuitException>(trial.ExpectMsg<LoadSnapshotFailed>().Cause); // still open
            if (_database.Held > 0) return true;
            store.Tell(Load("account-2"), trial.Ref);
            return false;
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));

        // A request that comes while the trial call is in flight is refused, and hears so.
        var third = CreateTestProbe();
        store.Tell(Load("account-3"), third.Ref);
        var refused = third.ExpectMsg<LoadSnapshotFailed>(TimeSpan.FromSeconds(10));
        var refusal = Assert.IsType<OpenCircuitException>(refused.Cause);
        Assert.Contains("half open", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(1, _database.Held); // the trial call still hangs: the refusal did not wait for it

        // The trial call fails when its connection drops, and its requester hears that too.
        _database.DropConnections();
        var failed = trial.FishForMessage<LoadSnapshotFailed>(m => m.Cause is not OpenCircuitException, TimeSpan.FromSeconds(10));
        Assert.IsAssignableFrom<Npgsql.NpgsqlException>(failed.Cause);
    }

    [Fact]
    public void Every_request_a_breaker_refuses_gets_the_failure_its_requester_waits_for_and_nothing_else_is_answered()
    {
        var refused = new OpenCircuitException("refused");
        var metadata = new SnapshotMetadata("account-1", 7, DateTime.UtcNow);
        var criteria = new SnapshotSelectionCriteria(7);

        Assert.Same(refused, Assert.IsType<LoadSnapshotFailed>(AnsweringSnapshotStore.Refusal(Load("account-1"), refused)).Cause);
        var save = Assert.IsType<SaveSnapshotFailure>(AnsweringSnapshotStore.Refusal(new SaveSnapshot(metadata, "state"), refused));
        Assert.Equal((metadata, refused), (save.Metadata, save.Cause));
        var delete = Assert.IsType<DeleteSnapshotFailure>(AnsweringSnapshotStore.Refusal(new DeleteSnapshot(metadata), refused));
        Assert.Equal((metadata, refused), (delete.Metadata, delete.Cause));
        var deleteAll = Assert.IsType<DeleteSnapshotsFailure>(AnsweringSnapshotStore.Refusal(new DeleteSnapshots("account-1", criteria), refused));
        Assert.Equal((criteria, refused), (deleteAll.Criteria, deleteAll.Cause));
        Assert.Null(AnsweringSnapshotStore.Refusal("not a request", refused));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _database.Dispose();
    }

    /// <summary>A TCP endpoint where PostgreSQL should be: it closes every connection at once, or, once told to, holds them open and silent.</summary>
    private sealed class MutePostgres : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<Socket> _held = [];
        private volatile bool _hold;

        public MutePostgres()
        {
            _listener.Start();
            _ = Task.Run(AcceptAll);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Held
        {
            get { lock (_held) return _held.Count; }
        }

        public void HoldConnections() => _hold = true;

        public void DropConnections()
        {
            _hold = false;
            lock (_held)
            {
                foreach (var socket in _held) socket.Dispose();
                _held.Clear();
            }
        }

        private async Task AcceptAll()
        {
            while (true)
            {
                Socket socket;
                try { socket = await _listener.AcceptSocketAsync(); }
                catch (Exception e) when (e is SocketException or ObjectDisposedException) { return; }
                if (!_hold)
                {
                    socket.Dispose();
                    continue;
                }
                lock (_held) _held.Add(socket);
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            DropConnections();
        }
    }
}
