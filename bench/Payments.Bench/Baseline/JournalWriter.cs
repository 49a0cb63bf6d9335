using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Akka.Payments.Bench.Baseline;

/// <summary>
/// Writes journal rows in one transaction per batch, into a table shaped like Akka.Persistence.Sql's journal
/// (ordering, deleted, persistence_id, sequence_number, created, tags, message, identifier, manifest, writer_uuid).
/// </summary>
public abstract class JournalWriter : IDisposable
{
    public const int SerializerId = 1701; // PaymentsSerializer, as in the node's journal

    public abstract void Write(IReadOnlyList<JournalRow> rows);

    public abstract void Dispose();

    public static JournalWriter Open(string journal, string connectionString) => journal == "postgres"
        ? new PostgresJournalWriter(connectionString)
        : new SqliteJournalWriter(connectionString);
}

internal sealed class SqliteJournalWriter : JournalWriter
{
    private readonly SqliteConnection _connection;
    private readonly string _writer = Guid.NewGuid().ToString("N");

    public SqliteJournalWriter(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using var setup = _connection.CreateCommand();
        setup.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS journal (
                ordering INTEGER PRIMARY KEY AUTOINCREMENT, deleted INTEGER NOT NULL, persistence_id TEXT NOT NULL,
                sequence_number INTEGER NOT NULL, created INTEGER NOT NULL, tags TEXT NULL, message BLOB NOT NULL,
                identifier INTEGER NOT NULL, manifest TEXT NOT NULL, writer_uuid TEXT NULL,
                UNIQUE (persistence_id, sequence_number));
            """;
        setup.ExecuteNonQuery();
    }

    public override void Write(IReadOnlyList<JournalRow> rows)
    {
        if (rows.Count == 0) return;
        using var transaction = _connection.BeginTransaction();
        using var insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO journal (deleted, persistence_id, sequence_number, created, tags, message, identifier, manifest, writer_uuid)
            VALUES (0, $pid, $seq, $created, NULL, $message, $identifier, $manifest, $writer)
            """;
        var pid = insert.Parameters.Add("$pid", SqliteType.Text);
        var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
        var created = insert.Parameters.Add("$created", SqliteType.Integer);
        var message = insert.Parameters.Add("$message", SqliteType.Blob);
        insert.Parameters.AddWithValue("$identifier", SerializerId);
        var manifest = insert.Parameters.Add("$manifest", SqliteType.Text);
        insert.Parameters.AddWithValue("$writer", _writer);
        insert.Prepare();
        foreach (var row in rows)
        {
            pid.Value = row.PersistenceId;
            seq.Value = row.SequenceNr;
            created.Value = row.Created;
            message.Value = row.Message;
            manifest.Value = row.Manifest;
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public override void Dispose() => _connection.Dispose();
}

internal sealed class PostgresJournalWriter : JournalWriter
{
    private readonly NpgsqlConnection _connection;
    private readonly string _writer = Guid.NewGuid().ToString("N");

    public PostgresJournalWriter(string connectionString)
    {
        _connection = new NpgsqlConnection(connectionString);
        _connection.Open();
        using var setup = new NpgsqlCommand("""
            CREATE TABLE IF NOT EXISTS journal (
                ordering BIGSERIAL PRIMARY KEY, deleted BOOLEAN NOT NULL, persistence_id VARCHAR(255) NOT NULL,
                sequence_number BIGINT NOT NULL, created BIGINT NOT NULL, tags VARCHAR(100) NULL, message BYTEA NOT NULL,
                identifier INTEGER NOT NULL, manifest VARCHAR(500) NOT NULL, writer_uuid VARCHAR(128) NULL,
                UNIQUE (persistence_id, sequence_number));
            """, _connection);
        setup.ExecuteNonQuery();
    }

    public override void Write(IReadOnlyList<JournalRow> rows)
    {
        if (rows.Count == 0) return;
        using var transaction = _connection.BeginTransaction();
        using (var copy = _connection.BeginBinaryImport(
                   "COPY journal (deleted, persistence_id, sequence_number, created, message, identifier, manifest, writer_uuid) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                copy.StartRow();
                copy.Write(false, NpgsqlDbType.Boolean);
                copy.Write(row.PersistenceId, NpgsqlDbType.Varchar);
                copy.Write(row.SequenceNr, NpgsqlDbType.Bigint);
                copy.Write(row.Created, NpgsqlDbType.Bigint);
                copy.Write(row.Message, NpgsqlDbType.Bytea);
                copy.Write(SerializerId, NpgsqlDbType.Integer);
                copy.Write(row.Manifest, NpgsqlDbType.Varchar);
                copy.Write(_writer, NpgsqlDbType.Varchar);
            }
            copy.Complete();
        }
        transaction.Commit();
    }

    public override void Dispose() => _connection.Dispose();
}
