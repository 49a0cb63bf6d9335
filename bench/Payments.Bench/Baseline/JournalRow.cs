namespace Akka.Payments.Bench.Baseline;

/// <summary>One row of the journal, as Akka.Persistence.Sql would write it for an account event.</summary>
public sealed record JournalRow(string PersistenceId, long SequenceNr, long Created, string Manifest, byte[] Message);
