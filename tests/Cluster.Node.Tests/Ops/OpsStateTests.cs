using Akka.Payments.Node.Ops;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Ops;
using Akka.Payments.Shared.Trust;

namespace Akka.Payments.Node.Tests.Ops;

public sealed class OpsStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly OpsState _state = new();
    private long _dlqOffset;

    private DeadLetterRead Read(long sourceOffset, string reason = DeadLetterReasons.Undecodable, string error = "not JSON",
        string? key = "acc-1", bool truncated = false, int second = 0, string? replayOf = null, int attempt = 0) =>
        new(new RecordPosition(Topics.DeadLetters, 0, _dlqOffset++),
            new StoredDeadLetter($"payments.requested-0-{sourceOffset}", new RecordPosition(Topics.DeadLetters, 0, _dlqOffset - 1),
                reason, error, $"payments.requested/0/{sourceOffset}", key, [new RecordHeader("ce_id", "e1"u8.ToArray())],
                "{"u8.ToArray(), truncated, truncated ? 300_000 : null, T0.AddSeconds(second)),
            replayOf, attempt);

    private void Store(params DeadLetterRead[] records) => _state.Apply(new DeadLettersRead(records));

    private static string Id(long sourceOffset) => $"payments.requested-0-{sourceOffset}";

    [Fact]
    public void Each_dead_letter_is_stored_once_by_the_coordinates_of_the_record_it_rejected()
    {
        var first = Read(42);
        Store(first, Read(43));
        Store(first with { Position = new RecordPosition(Topics.DeadLetters, 0, _dlqOffset++) }); // dead-lettered twice

        Assert.Equal(2, _state.Count);
        Assert.Equal(1, _state.Duplicates);
        Assert.Equal(OpsState.New, _state.Get(Id(42))!.Status);
    }

    [Fact]
    public void A_record_below_a_covered_offset_is_ignored_and_an_unreadable_one_only_covers_its_offset()
    {
        var record = Read(42);
        Store(record, new DeadLetterRead(new RecordPosition(Topics.DeadLetters, 0, _dlqOffset++), null, null, 0));
        Store(record); // read again after a failover

        Assert.Equal(1, _state.Count);
        Assert.Equal(1, _state.AlreadyCovered);
        Assert.Equal(1, _state.Unreadable);
        Assert.Equal(2, _state.Offsets.Single().NextOffset);
    }

    [Fact]
    public void Listing_filters_by_reason_time_and_key_and_shows_the_newest_first()
    {
        Store(Read(1, second: 1), Read(2, DeadLetterReasons.SchemaViolation, second: 2), Read(3, key: "acc-9", second: 3), Read(4, second: 4));

        Assert.Equal([Id(4), Id(3), Id(1)], _state.List(new DeadLetterFilter(DeadLetterReasons.Undecodable, null, null, null), 10).Select(e => e.DeadLetter.Id));
        Assert.Equal([Id(4), Id(3)], _state.List(new DeadLetterFilter(null, T0.AddSeconds(3), null, null), 10).Select(e => e.DeadLetter.Id));
        Assert.Equal([Id(3)], _state.List(new DeadLetterFilter(null, null, "acc-9", null), 10).Select(e => e.DeadLetter.Id));
        Assert.Equal([Id(4)], _state.List(new DeadLetterFilter(null, null, null, null), 1).Select(e => e.DeadLetter.Id));
        Assert.Equal(4, _state.CountMatching(new DeadLetterFilter(null, null, null, null)));
    }

    [Fact]
    public void Stats_give_per_reason_the_count_the_first_and_last_seen_and_an_example_per_error()
    {
        Store(Read(1, error: "not JSON", second: 5), Read(2, error: "not JSON", second: 1), Read(3, error: "empty", second: 9),
            Read(4, DeadLetterReasons.Oversize, error: "70000 bytes", second: 2));

        var stats = _state.Stats();

        Assert.Equal([DeadLetterReasons.Oversize, DeadLetterReasons.Undecodable], stats.Select(s => s.Reason));
        var undecodable = stats[1];
        Assert.Equal((3, T0.AddSeconds(1), T0.AddSeconds(9)), (undecodable.Count, undecodable.FirstSeen, undecodable.LastSeen));
        Assert.Equal([("not JSON", 2, Id(1)), ("empty", 1, Id(3))], undecodable.Errors.Select(e => (e.Error, e.Count, e.ExampleId)));
    }

    [Fact]
    public void A_replay_plan_refuses_purged_truncated_and_exhausted_dead_letters_and_says_why()
    {
        Store(Read(1), Read(2), Read(3, truncated: true), Read(4));
        _state.Apply(new DeadLettersPurged([Id(2)], "known bad upstream batch", "ops", T0));
        _state.Apply(new ReplayScheduled("job-1", [Id(4)], 10, null, "ops", T0));
        _state.Apply(new ReplayProduced("job-1", Id(4), 1, T0));
        _state.Apply(new ReplayEnded("job-1", "done", T0));

        var plan = _state.PlanReplay(new ReplaySelection(null, DeadLetterReasons.Undecodable, null), maxReplays: 1, corrected: false);

        Assert.Equal([Id(1)], plan.Eligible);
        Assert.Equal([Id(2), Id(3), Id(4)], plan.Refused.Select(r => r.Id));
        Assert.Contains("purged", plan.Refused[0].Why);
        Assert.Contains("payments.requested/0/3", plan.Refused[1].Why);
        Assert.Contains("Ops:MaxReplays", plan.Refused[2].Why);
        Assert.Equal([Id(1), Id(3)], _state.PlanReplay(new ReplaySelection([Id(1), Id(3)], null, null), 1, corrected: true).Eligible);
        Assert.Equal("no such dead letter", Assert.Single(_state.PlanReplay(new ReplaySelection(["nope"], null, null), 1, false).Refused).Why);
    }

    [Fact]
    public void A_job_produces_its_dead_letters_in_order_with_rising_attempts_and_a_running_job_blocks_a_second_replay()
    {
        Store(Read(1), Read(2));
        _state.Apply(new ReplayScheduled("job-1", [Id(1), Id(2)], 5, null, "ops", T0));

        Assert.Equal((Id(1), 1), _state.NextOf("job-1") is { } n ? (n.DeadLetter.Id, n.Attempt) : default);
        Assert.Empty(_state.PlanReplay(new ReplaySelection([Id(1), Id(2)], null, null), 3, false).Eligible);
        _state.Apply(new ReplayProduced("job-1", Id(1), 1, T0));
        Assert.Equal(Id(2), _state.NextOf("job-1")!.Value.DeadLetter.Id);
        _state.Apply(new ReplayProduced("job-1", Id(2), 1, T0));

        Assert.Null(_state.NextOf("job-1"));
        Assert.Equal(OpsState.Replayed, _state.Get(Id(1))!.Status);
        Assert.Equal(2, _state.JobOf("job-1")!.Produced);
    }

    [Fact]
    public void A_replayed_record_that_fails_again_comes_back_to_its_dead_letter_with_its_attempt_not_as_a_new_one()
    {
        Store(Read(1));
        _state.Apply(new ReplayScheduled("job-1", [Id(1)], 5, null, "ops", T0));
        _state.Apply(new ReplayProduced("job-1", Id(1), 1, T0));

        Store(Read(77, DeadLetterReasons.SchemaViolation, error: "amount is missing", replayOf: Id(1), attempt: 1));

        Assert.Equal(1, _state.Count);
        var entry = _state.Get(Id(1))!;
        Assert.Equal(OpsState.New, entry.Status);
        Assert.Equal("schema_violation: amount is missing", Assert.Single(entry.Attempts).FailedAgain);
        Assert.Equal([Id(1)], _state.PlanReplay(new ReplaySelection([Id(1)], null, null), 3, false).Eligible);
        _state.Apply(new ReplayScheduled("job-2", [Id(1)], 5, null, "ops", T0));
        Assert.Equal(2, _state.NextOf("job-2")!.Value.Attempt);
    }

    [Fact]
    public void A_record_that_failed_again_before_its_production_was_journaled_stays_one_attempt_with_its_number()
    {
        Store(Read(1));
        _state.Apply(new ReplayScheduled("job-1", [Id(1)], 5, null, "ops", T0));
        // Sent as attempt 1, then a crash before ReplayProduced; the new singleton reads its failing again first.
        Store(Read(77, replayOf: Id(1), attempt: 1) with { ReplayJob = "job-1" });

        Assert.Equal(1, _state.NextOf("job-1")!.Value.Attempt); // the resumed job sends it as attempt 1 again
        _state.Apply(new ReplayProduced("job-1", Id(1), 1, T0.AddSeconds(5)));

        var attempt = Assert.Single(_state.Get(Id(1))!.Attempts);
        Assert.Equal(("job-1", 1), (attempt.JobId, attempt.Attempt));
        Assert.NotNull(attempt.FailedAgain);
        Assert.Equal(OpsState.New, _state.Get(Id(1))!.Status);
    }

    [Fact]
    public void A_snapshot_gives_back_the_same_store_jobs_and_offsets()
    {
        Store(Read(1), Read(2, truncated: true), Read(3));
        _state.Apply(new DeadLettersPurged([Id(3)], "spam", "ops", T0));
        _state.Apply(new ReplayScheduled("job-1", [Id(1)], 5, "{}"u8.ToArray(), "ops", T0));
        _state.Apply(new ReplayProduced("job-1", Id(1), 1, T0));

        var restored = OpsState.FromSnapshot(_state.ToSnapshot());

        Assert.Equal(Json(_state.ToSnapshot()), Json(restored.ToSnapshot()));
        Assert.Equal(OpsState.Purged, restored.Get(Id(3))!.Status);
        Assert.True(Assert.Single(restored.Get(Id(1))!.Attempts).Corrected);
    }

    [Fact]
    public void The_audit_trail_keeps_every_entry_and_answers_the_newest_first_since_a_time()
    {
        for (var i = 0; i < 5; i++)
            _state.Apply(new AuditRecorded(new Akka.Payments.Shared.Management.Contracts.AuditEntry(
                T0.AddMinutes(i), "node-1", $"POST /cluster/leave#{i}", "", "token@127.0.0.1", 200)));

        var (entries, matching) = _state.Audit(T0.AddMinutes(2), limit: 2);

        Assert.Equal(3, matching);
        Assert.Equal(["POST /cluster/leave#4", "POST /cluster/leave#3"], entries.Select(e => e.Command));
        Assert.Equal(5, OpsState.FromSnapshot(_state.ToSnapshot()).Audit(null, 100).Matching);
    }

    [Fact]
    public void Beyond_its_bound_the_store_forgets_the_oldest_dead_letters_and_counts_them()
    {
        var state = new OpsState(maxStored: 3);
        for (var i = 1; i <= 5; i++) state.Apply(new DeadLettersRead([Read(i, second: i)]));
        state.Apply(new DeadLettersRead([Read(6, second: 6), Read(7, second: 7)])); // a batch that overflows by two

        Assert.Equal(3, state.Count);
        Assert.Equal(4, state.Forgotten);
        Assert.Equal([Id(7), Id(6), Id(5)], state.List(new DeadLetterFilter(null, null, null, null), 10).Select(e => e.DeadLetter.Id));
        Assert.Null(state.Get(Id(4)));
        Assert.Equal(3, state.Stats().Single().Count);
        Assert.Contains("Payments:Ops:MaxStored", Assert.Single(state.PlanReplay(new ReplaySelection([Id(1)], null, null), 3, false).Refused).Why);
        Assert.Equal(7, state.Offsets.Single().NextOffset); // a forgotten dead letter's offset stays covered
    }

    [Fact]
    public void The_store_does_not_forget_what_a_running_replay_has_still_to_send()
    {
        var state = new OpsState(maxStored: 3);
        state.Apply(new DeadLettersRead([Read(1), Read(2), Read(3)]));
        state.Apply(new ReplayScheduled("job-1", [Id(1), Id(2)], 5, null, "ops", T0));
        state.Apply(new ReplayProduced("job-1", Id(1), 1, T0));

        state.Apply(new DeadLettersRead([Read(4), Read(5)]));

        // Id(2) is the job's next record: kept. Id(1) (sent) and Id(3) go instead, the oldest two not pinned.
        Assert.Equal([Id(5), Id(4), Id(2)], state.List(new DeadLetterFilter(null, null, null, null), 10).Select(e => e.DeadLetter.Id));
        Assert.Equal(Id(2), state.NextOf("job-1")!.Value.DeadLetter.Id);
        state.Apply(new ReplayProduced("job-1", Id(2), 1, T0));
        state.Apply(new ReplayEnded("job-1", "done", T0));

        state.Apply(new DeadLettersRead([Read(6)]));
        Assert.Equal([Id(6), Id(5), Id(4)], state.List(new DeadLetterFilter(null, null, null, null), 10).Select(e => e.DeadLetter.Id));
        Assert.Equal(3, state.Forgotten);
    }

    [Fact]
    public void A_recovery_forgets_the_same_dead_letters_and_a_lower_bound_forgets_more_at_once()
    {
        var state = new OpsState(maxStored: 4);
        for (var i = 1; i <= 6; i++) state.Apply(new DeadLettersRead([Read(i)]));

        var restored = OpsState.FromSnapshot(state.ToSnapshot(), maxStored: 4);
        Assert.Equal(Json(state.ToSnapshot()), Json(restored.ToSnapshot()));
        Assert.Equal(2, restored.Forgotten);

        var lower = OpsState.FromSnapshot(state.ToSnapshot(), maxStored: 2);
        Assert.Equal((2, 4L), (lower.Count, lower.Forgotten));
        Assert.Equal([Id(6), Id(5)], lower.List(new DeadLetterFilter(null, null, null, null), 10).Select(e => e.DeadLetter.Id));
    }

    private static string Json(OpsSnapshot snapshot) =>
        System.Text.Json.JsonSerializer.Serialize(snapshot, Akka.Payments.Shared.Serialization.PaymentsJsonContext.Default.OpsSnapshot);
}
