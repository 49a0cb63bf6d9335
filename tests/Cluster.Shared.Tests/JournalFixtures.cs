using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Control;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Serialization;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Ops;
using Akka.Payments.Shared.Rules;
using Akka.Payments.Shared.Trust;

namespace Akka.Payments.Shared.Tests;

/// <summary>
/// The values whose v1 bytes are checked in under <c>Fixtures/journal-v1</c>: one or more per manifest that
/// <see cref="PaymentsSerializer"/> writes, i.e. everything the journal stores (account events, snapshots) and
/// everything remoting carries (commands, replies, the input and outcome records inside them). A fixture is named
/// <c>&lt;manifest&gt;.json</c>, or <c>&lt;manifest&gt;.&lt;variant&gt;.json</c> when one manifest has several shapes.
/// These values are frozen with their bytes: never edit one; a new shape gets a new manifest and a new fixture.
/// </summary>
internal static class JournalFixtures
{
    public const string Folder = "Fixtures/journal-v1";

    // Own values rather than Samples': other specs may change theirs, these are frozen with their bytes.
    private static readonly DateTimeOffset Time = new(2026, 11, 26, 14, 0, 0, 123, TimeSpan.Zero);
    private static readonly Lineage Lineage = new("ev-1", "payments.requested/3/42");
    private static readonly AccountCredited Credit = new("credit-1", "acc-1", 250.75m, "EUR", Time);
    private static readonly PaymentRequested Payment = new("pay-1", "acc-1", "shop-9", 19.90m, "EUR", "DE", Time.AddSeconds(1));
    private static readonly CreditApplied CreditApplied =
        new("credit-1", "acc-1", 250.75m, "EUR", 1250.75m, "ev-1", "payments.requested/3/42", Time.AddMilliseconds(5));
    private static readonly PaymentConfirmed Confirmed = new("pay-1", "acc-1", 19.90m, "EUR", 1230.85m, 7, "ev-2",
        "payments.requested/3/43", new DateTimeOffset(2026, 11, 26, 16, 0, 1, 5, TimeSpan.FromHours(2)).AddTicks(4567));
    private static readonly PaymentDeclined Declined = new("pay-2", "acc-1", 99999.99m, "EUR", DeclineReasons.AmountOverLimit, 7,
        "ev-3", "payments.requested/3/44", Time.AddSeconds(2));

    private static readonly IReadOnlyList<IAccountEvent> RecentEvents =
    [
        new CreditRecorded(CreditApplied),
        new PaymentConfirmedRecorded(Confirmed, Time),
        new PaymentDeclinedRecorded(Declined),
    ];

    /// <summary>A snapshot written before durable idempotency: no request filter.</summary>
    private static AccountSnapshot SnapshotWithoutFilter => new(
        "acc-1",
        new Dictionary<string, decimal> { ["EUR"] = 1230.85m, ["USD"] = 0.10m },
        [new DailyTotal("EUR", new DateOnly(2026, 11, 26), 19.90m)],
        [Time, Time.AddSeconds(1)],
        RecentEvents,
        42);

    private static AccountSnapshot Snapshot => SnapshotWithoutFilter with
    {
        RequestFilter =
        [
            new RequestFilterDay(new DateOnly(2026, 11, 25), [new RequestFilterStage(64, 3, [0x01, 0x80, 0x00, 0x24, 0xff, 0x00, 0x10, 0x42])]),
            new RequestFilterDay(new DateOnly(2026, 11, 26),
            [
                new RequestFilterStage(64, 64, [0xff, 0xfe, 0x7f, 0x3c, 0xc3, 0x81, 0x18, 0xe7]),
                new RequestFilterStage(128, 1, [0, 0, 0, 0, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            ]),
        ],
    };

    /// <summary>A v2 snapshot: the filter's bits stored after the JSON, one stage journaled (stored by its place only),
    /// and of the recent window only the one event the request index lacks (the account recovered from a snapshot
    /// without a filter).</summary>
    private static AccountSnapshot SnapshotV2 => Snapshot with
    {
        RecentEvents = [new PaymentDeclinedRecorded(Declined)],
        RequestFilter =
        [
            new RequestFilterDay(new DateOnly(2026, 11, 25), [new RequestFilterStage(64, 3, [0x01, 0x80, 0x00, 0x24, 0xff, 0x00, 0x10, 0x42])]),
            new RequestFilterDay(new DateOnly(2026, 11, 26),
            [
                new RequestFilterStage(1024, 1024, [], SealedAt: 40),
                new RequestFilterStage(128, 1, [0, 0, 0, 0, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            ]),
        ],
        UnindexedRecent = 1,
    };

    /// <summary>A stage of the filter journaled once it could no longer change.</summary>
    private static RequestFilterStageSealed StageSealed => new(new DateOnly(2026, 11, 26), 2,
        new RequestFilterStage(1024, 1024, [0xff, 0xfe, 0x7f, 0x3c, 0xc3, 0x81, 0x18, 0xe7, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07]));

    private static readonly DateTimeOffset Minute = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);

    /// <summary>A window's first close: two currencies, a decline, a credit, a dead letter, imperfect quality.</summary>
    private static readonly MetricsWindowClosed WindowClosed = new()
    {
        Start = Minute,
        End = Minute.AddMinutes(1),
        Revision = 1,
        Confirmed = new Dictionary<string, CurrencyTotal> { ["CHF"] = new(1, 5.00m), ["EUR"] = new(2, 39.80m) },
        Declined = new Dictionary<string, long> { [DeclineReasons.AmountOverLimit] = 1 },
        Credits = new Dictionary<string, CurrencyTotal> { ["EUR"] = new(1, 250.75m) },
        DeadLetters = new Dictionary<string, long> { [DeadLetterReasons.SchemaViolation] = 1 },
        Latency = new LatencyFigures(4, 1500, 12007, 12007, 12010, 1),
        Quality = new DataQuality(0.2, 1, 0, 0, 1, 0),
    };

    /// <summary>The same window after a late confirmation: revision 2, a share that is not a short decimal.</summary>
    private static readonly MetricsWindowRestated WindowRestated = new()
    {
        Start = Minute,
        End = Minute.AddMinutes(1),
        Revision = 2,
        Confirmed = new Dictionary<string, CurrencyTotal> { ["CHF"] = new(1, 5.00m), ["EUR"] = new(3, 59.70m) },
        Declined = new Dictionary<string, long> { [DeclineReasons.AmountOverLimit] = 1 },
        Credits = new Dictionary<string, CurrencyTotal> { ["EUR"] = new(1, 250.75m) },
        DeadLetters = new Dictionary<string, long> { [DeadLetterReasons.SchemaViolation] = 1 },
        Latency = new LatencyFigures(5, 1500, 12007, 60031, 60000, 2),
        Quality = new DataQuality(1 / 7.0, 1, 0, 1, 1, 0),
    };

    /// <summary>One record of each kind the trust plane reads: outcomes with and without an input time, a dead
    /// letter and a record it could not read.</summary>
    private static readonly TrustRecordsCounted RecordsCounted = new(
    [
        new TrustInput.Outcome(new RecordPosition(Topics.Processed, 1, 17), "out-1", Confirmed, Time.AddMilliseconds(-12)),
        new TrustInput.Outcome(new RecordPosition(Topics.Processed, 1, 18), "out-2", Declined, null),
        new TrustInput.Outcome(new RecordPosition(Topics.Processed, 0, 4), "out-3", CreditApplied, Time),
        new TrustInput.DeadLetter(new RecordPosition(Topics.DeadLetters, 0, 9), DeadLetterReasons.SchemaViolation, Time.AddSeconds(3),
            "payments.requested/2/77"),
        new TrustInput.DeadLetter(new RecordPosition(Topics.DeadLetters, 0, 10), DeadLetterReasons.Undecodable, Time.AddSeconds(4), ""),
        new TrustInput.Unreadable(new RecordPosition(Topics.Processed, 2, 5), Time.AddSeconds(5), "ce_type 'x.y' is not an outcome"),
    ],
        Time.AddSeconds(6));

    private static TrustWindowSnapshot TrustWindow(DateTimeOffset start, int revision, bool restatementPending) => new(
        start, start.AddMinutes(1), revision, restatementPending,
        new Dictionary<string, CurrencyTotal> { ["EUR"] = new(2, 39.80m), ["USD"] = new(1, 0.10m) },
        new Dictionary<string, long> { [DeclineReasons.InsufficientFunds] = 2, [DeclineReasons.VelocityExceeded] = 1 },
        new Dictionary<string, CurrencyTotal> { ["EUR"] = new(1, 250.75m) },
        new Dictionary<string, long> { [DeadLetterReasons.DecisionFailed] = 1, [DeadLetterReasons.Oversize] = 3 },
        [new LatencyBucket(1023, 2), new LatencyBucket(12007, 1)],
        12010, 1, 1, 2, revision > 1 ? 1 : 0, 1, 1);

    /// <summary>A trust plane with open and closed windows, a history, totals, offsets, remembered records, and an
    /// outbox holding a first close and a restatement.</summary>
    private static readonly TrustPlaneSnapshot TrustPlaneSnapshot = new(
        new TrustSnapshot(
            [TrustWindow(Minute, 2, restatementPending: true), TrustWindow(Minute.AddMinutes(1), 0, restatementPending: false)],
            [TrustWindow(Minute.AddMinutes(-1), 1, restatementPending: false)],
            TrustWindow(Minute.AddMinutes(-1), 0, restatementPending: false) with { End = Minute.AddMinutes(2) },
            [new PartitionOffset(Topics.DeadLetters, 0, 11), new PartitionOffset(Topics.Processed, 1, 19)],
            [new SeenRecord("dlq:payments.requested/2/77", Time.AddSeconds(3)), new SeenRecord("out-1", Time)],
            Time.AddSeconds(65),
            Minute.AddMinutes(1),
            Time.AddSeconds(70),
            Minute.AddMinutes(-1),
            true,
            2, 3, 1),
        [new PendingWindow(5, WindowClosed), new PendingWindow(6, WindowRestated)],
        7);

    /// <summary>The same plane as <see cref="TrustPlaneSnapshot"/> with its two remembered ids packed as hashes (v2), as
    /// the trust plane's SeenRecords packs them: version 1, then per id, oldest first, a varint tick delta and the first
    /// 16 bytes of the id's SHA-256.</summary>
    private static readonly TrustPlaneSnapshot TrustPlaneSnapshotPacked = TrustPlaneSnapshot with
    {
        State = TrustPlaneSnapshot.State with
        {
            Seen = [],
            SeenPacked =
            [
                1,
                0xb0, 0xe9, 0xc0, 0xfd, 0xd8, 0xf8, 0xd2, 0xef, 0x08, // Time, in UTC ticks
                0xf4, 0x4c, 0x30, 0xd0, 0x7d, 0x33, 0x1c, 0x6f, 0xf6, 0xae, 0xb6, 0x4d, 0xc4, 0xa6, 0x30, 0x70, // SHA-256("out-1")[..16]
                0x80, 0x87, 0xa7, 0x0e, // + 3 s
                0xef, 0x4c, 0xef, 0xa8, 0x6a, 0xc0, 0x57, 0x45, 0xa4, 0xad, 0x88, 0x0d, 0xe1, 0xb4, 0x31, 0xe7, // SHA-256("dlq:payments.requested/2/77")[..16]
            ],
        },
    };

    /// <summary>The same plane as <see cref="TrustPlaneSnapshotPacked"/> with its ids packed in the trust plane's second
    /// layout (v3): version 2, then per id, oldest first, its time in UTC ticks (8 bytes, little-endian) and the first 16
    /// bytes of the id's SHA-256. trust.snapshot.v3 stores these bytes after the JSON.</summary>
    private static readonly TrustPlaneSnapshot TrustPlaneSnapshotFixed = TrustPlaneSnapshotPacked with
    {
        State = TrustPlaneSnapshotPacked.State with
        {
            SeenPacked =
            [
                2,
                0xb0, 0x34, 0xb0, 0x8f, 0xc5, 0x4b, 0xdf, 0x08, // Time, in UTC ticks
                0xf4, 0x4c, 0x30, 0xd0, 0x7d, 0x33, 0x1c, 0x6f, 0xf6, 0xae, 0xb6, 0x4d, 0xc4, 0xa6, 0x30, 0x70, // SHA-256("out-1")[..16]
                0x30, 0xf8, 0x79, 0x91, 0xc5, 0x4b, 0xdf, 0x08, // Time + 3 s
                0xef, 0x4c, 0xef, 0xa8, 0x6a, 0xc0, 0x57, 0x45, 0xa4, 0xad, 0x88, 0x0d, 0xe1, 0xb4, 0x31, 0xe7, // SHA-256("dlq:payments.requested/2/77")[..16]
            ],
        },
    };

    private static readonly StoredDeadLetter StoredDeadLetter = new(
        "payments.requested-3-45", new RecordPosition(Topics.DeadLetters, 2, 8), DeadLetterReasons.SchemaViolation,
        "payments.payment.requested.v1: 'amount' must have at most 2 decimals, got 10.001", "payments.requested/3/45", "acc-1",
        new List<RecordHeader> { new("ce_type", "payments.payment.requested.v1"u8.ToArray()), new("ce_id", "ev-9"u8.ToArray()) },
        "{\"amount\":10.001}"u8.ToArray(), false, null, Time.AddSeconds(7));

    private static readonly StoredDeadLetter TruncatedDeadLetter = StoredDeadLetter with
    {
        Id = "payments.requested-3-46", Position = new RecordPosition(Topics.DeadLetters, 2, 9), Reason = DeadLetterReasons.Oversize,
        Error = "the record is 300000 bytes", Source = "payments.requested/3/46", Truncated = true, OriginalBytes = 300_000,
    };

    private static readonly ReplayJob Job = new("replay-20261126140010-12", ["payments.requested-3-45"], 50, "{\"amount\":10.00}"u8.ToArray(),
        "token@127.0.0.1", Time.AddSeconds(10), 1, "done");

    private static readonly DeadLetterEntry Entry = new(StoredDeadLetter, "new",
        [new ReplayAttempt(1, Job.JobId, Time.AddSeconds(11), true, "schema_violation: 'amount' is missing")], null);

    private static readonly AuditEntry Audit = new(Time.AddMinutes(3), Host, "POST /ops/dlq/replay",
        "{\"ids\":[\"payments.requested-3-45\"],\"dryRun\":false}", "token@127.0.0.1", 200);

    private static readonly AkkaDeadLetterReport NodeDeadLetters = new(Host, Time, Time.AddMinutes(7),
        [new DeadLetterKindFigures("dead_letter", 120, 64, 20.4), new DeadLetterKindFigures("unhandled", 3, 1, 0.6), new DeadLetterKindFigures("dropped", 0, 0, 0)],
        65, 21, 60, true, [new DeadLetterCount("Akka.Payments.Shared.Accounts.DecideEvent", 118)], [new DeadLetterCount("/system/sharding/account/*/*", 118)]);

    private static readonly ReadinessResponse NotReady = new(false,
        [new ReadinessCheckResult("cluster", true, null), new ReadinessCheckResult("stream", false, "stalled: 12 records waiting for 31 s")]);

    private static readonly RuleChanged MaxAmountChanged = new(RuleKeys.MaxAmount, "10000", "2500.50", 2, "ops-token", Time.AddMinutes(5),
        "INC-42: card testing on large amounts");

    private static readonly RuleChanged CountriesChanged = new(RuleKeys.BlockedCountries, "-", "KP,RU", 3, "ops-token", Time.AddMinutes(6),
        "sanctions list of 2026-11-26");

    /// <summary>The book after both changes: a decimal with its scale, empty and filled lists, a long version.</summary>
    private static readonly StoredRules ChangedRules = new(3, 2500.50m, 50_000m, 60, ["CHF", "EUR", "GBP", "USD"], ["KP", "RU"], []);

    private static readonly RuleChangeView MaxAmountView = new(2, RuleKeys.MaxAmount, "10000", "2500.50", "ops-token", Time.AddMinutes(5),
        "INC-42: card testing on large amounts");

    private static readonly IReadOnlyList<RuleValue> ChangedValues =
    [
        new(RuleKeys.MaxAmount, "2500.50", "a decimal greater than 0"),
        new(RuleKeys.BlockedCountries, "KP,RU", "comma-separated codes of 2 upper-case letters, or '-' for none"),
        new(RuleKeys.BlockedAccounts, "-", "comma-separated account ids, or '-' for none"),
    ];

    /// <summary>A v3 snapshot: the v2 one with the confirmed payments' times packed after the filter's bits instead of
    /// listed as JSON text.</summary>
    private static AccountSnapshot SnapshotV3 => SnapshotV2 with
    {
        RecentConfirmedAt = [],
        ConfirmedPacked = PackedTicks.Pack(3, [Time.UtcTicks, Time.AddSeconds(1).UtcTicks, Time.AddSeconds(1).AddMilliseconds(50).UtcTicks]),
    };

    private static readonly ScaleNodeSignals ScaleNode = new(Host, Time.AddMinutes(8), 412.5, 37,
        new List<string> { "payments.requested/0", "payments.requested/1" }, 0.62);

    private static readonly ScaleDecidedSignals ScaleSignals = new(1, 1, 4, 9_000, 1, 500, 8_500, 412.5, 20.6, 0.62, 3, 1, 0, null,
        new List<ScaleNodeSignals> { ScaleNode });

    private static readonly ScaleDecided ScaleOut = new("scale-1", Time.AddMinutes(8), 1, 3, "lag_seconds", "autoscaler", ScaleSignals);

    /// <summary>A manual decision before the first sample: no signals; lag that never drains is null lag-seconds.</summary>
    private static readonly ScaleDecided ManualScale = new("scale-2", Time.AddMinutes(9), 3, 2, "manual", "token@127.0.0.1", null);

    /// <summary>Fixture name (without <c>.json</c>) and the value its bytes must deserialize to.</summary>
    public static IReadOnlyDictionary<string, object> All { get; } = new Dictionary<string, object>
    {
        [PaymentsManifests.CreditRecorded] = new CreditRecorded(CreditApplied),
        [PaymentsManifests.PaymentConfirmedRecorded] = new PaymentConfirmedRecorded(Confirmed, Time.AddSeconds(1)),
        [PaymentsManifests.PaymentDeclinedRecorded] = new PaymentDeclinedRecorded(Declined),
        [PaymentsManifests.AccountSnapshotV1] = Snapshot,
        [PaymentsManifests.AccountSnapshotV1 + ".without-request-filter"] = SnapshotWithoutFilter,
        [PaymentsManifests.AccountSnapshotV2] = SnapshotV2,
        [PaymentsManifests.AccountSnapshot] = SnapshotV3,
        [PaymentsManifests.RequestFilterStageSealed] = StageSealed,
        [PaymentsManifests.DecideEvent + ".credit"] = new DecideEvent(Credit, Lineage),
        [PaymentsManifests.DecideEvent + ".payment"] = new DecideEvent(Payment, Lineage),
        [PaymentsManifests.GetAccount] = new GetAccount("acc-1"),
        [PaymentsManifests.DecisionFailed] = new DecisionFailed("acc-1", "pay-1", "ArgumentOutOfRangeException: requestedAt is out of range"),
        [PaymentsManifests.AccountView] = new AccountView(
            "acc-1", new Dictionary<string, decimal> { ["EUR"] = 1230.85m }, [Declined, Confirmed, CreditApplied], 3,
            new DateOnly(2026, 11, 26), new Dictionary<string, decimal> { ["EUR"] = 19.90m }),
        [EventTypes.AccountCredited] = Credit,
        [EventTypes.PaymentRequested] = Payment,
        [EventTypes.CreditApplied] = CreditApplied,
        [EventTypes.PaymentConfirmed] = Confirmed,
        [EventTypes.PaymentDeclined] = Declined,
        [EventTypes.MetricsWindowClosed] = WindowClosed,
        [EventTypes.MetricsWindowRestated] = WindowRestated,
        [PaymentsManifests.TrustRecordsCounted] = RecordsCounted,
        [PaymentsManifests.TrustTicked] = new TrustTicked(Time.AddSeconds(60)),
        [PaymentsManifests.TrustWindowsDelivered] = new TrustWindowsDelivered(6),
        [PaymentsManifests.TrustPlaneSnapshotV1] = TrustPlaneSnapshot,
        [PaymentsManifests.TrustPlaneSnapshotV2] = TrustPlaneSnapshotPacked,
        [PaymentsManifests.TrustPlaneSnapshot] = TrustPlaneSnapshotFixed,
        [PaymentsManifests.GetTrustWindows] = new GetTrustWindows(10),
        [PaymentsManifests.GetTrustCurrent] = new GetTrustCurrent(),
        [PaymentsManifests.GetTrustTotals + ".all"] = new GetTrustTotals(null),
        [PaymentsManifests.GetTrustTotals + ".since"] = new GetTrustTotals(Minute),
        [PaymentsManifests.TrustWindowsResponse] = new TrustWindowsResponse("akka.tcp://payments@10.0.0.5:4053", [WindowRestated, WindowClosed]),
        [PaymentsManifests.TrustCurrentResponse] = new TrustCurrentResponse("akka.tcp://payments@10.0.0.5:4053", Minute.AddSeconds(50),
            [WindowClosed with { Revision = 0 }], 2),
        [PaymentsManifests.TrustTotalsResponse] = new TrustTotalsResponse("akka.tcp://payments@10.0.0.5:4053", Minute, WindowClosed, false,
            3, 12, 1, [new PartitionOffset(Topics.DeadLetters, 0, 11), new PartitionOffset(Topics.Processed, 1, 19)]),
        [PaymentsManifests.OpsDeadLettersRead] = new DeadLettersRead(new List<DeadLetterRead>
        {
            new(StoredDeadLetter.Position, StoredDeadLetter, null, 0),
            new(TruncatedDeadLetter.Position, TruncatedDeadLetter, null, 0),
            new(new RecordPosition(Topics.DeadLetters, 2, 10), StoredDeadLetter with { Id = "payments.requested-4-7" }, "payments.requested-3-45", 1),
            new(new RecordPosition(Topics.DeadLetters, 2, 11), null, null, 0),
        }),
        [PaymentsManifests.OpsDeadLettersPurged] = new DeadLettersPurged(["payments.requested-3-46"], "a known bad batch", "token@127.0.0.1", Time),
        [PaymentsManifests.OpsReplayScheduled + ".corrected"] = new ReplayScheduled(Job.JobId, Job.Ids, 50, Job.CorrectedValue, Job.By, Job.At),
        [PaymentsManifests.OpsReplayScheduled + ".as-stored"] = new ReplayScheduled("replay-2", ["payments.requested-3-45", "payments.requested-3-46"], 5, null, "token@127.0.0.1", Time),
        [PaymentsManifests.OpsReplayProduced] = new ReplayProduced(Job.JobId, "payments.requested-3-45", 1, Time.AddSeconds(11)),
        [PaymentsManifests.OpsReplayEnded] = new ReplayEnded(Job.JobId, "done", Time.AddSeconds(12)),
        [PaymentsManifests.OpsSnapshot] = new OpsSnapshot([Entry, new DeadLetterEntry(TruncatedDeadLetter, "purged", [], "a known bad batch")], [Job],
            [new PartitionOffset(Topics.DeadLetters, 2, 12)], 1),
        [PaymentsManifests.OpsAuditRecorded] = new AuditRecorded(Audit),
        [PaymentsManifests.OpsSnapshot + ".with-audit"] = new OpsSnapshot([Entry], [Job], [new PartitionOffset(Topics.DeadLetters, 2, 12)], 0, [Audit]),
        [PaymentsManifests.OpsSnapshot + ".with-forgotten"] = new OpsSnapshot([Entry], [], [new PartitionOffset(Topics.DeadLetters, 2, 12)], 0, [], Forgotten: 25_000),
        [PaymentsManifests.RecordAudit] = new RecordAudit(Audit),
        [PaymentsManifests.GetAudit] = new GetAudit(Time, 100),
        [PaymentsManifests.AuditResponse] = new AuditResponse(Host, 1, [Audit]),
        [PaymentsManifests.ListDeadLetters] = new ListDeadLetters(DeadLetterReasons.SchemaViolation, Time, "acc-1", "new", 50),
        [PaymentsManifests.GetDeadLetter] = new GetDeadLetter("payments.requested-3-45"),
        [PaymentsManifests.DeadLetterNotFound] = new DeadLetterNotFound("payments.requested-9-9"),
        [PaymentsManifests.GetDeadLetterStats] = new GetDeadLetterStats(),
        [PaymentsManifests.ReplayDeadLetters] = new ReplayDeadLetters(
            new ReplayRequest(["payments.requested-3-45"], null, null, false, 50, "{\"amount\":10.00}"u8.ToArray()), "token@127.0.0.1"),
        [PaymentsManifests.PurgeDeadLetters] = new PurgeDeadLetters(new PurgeRequest(null, DeadLetterReasons.Oversize, Time, "a known bad batch"), "token@127.0.0.1"),
        [PaymentsManifests.GetReplayJobs] = new GetReplayJobs(),
        [PaymentsManifests.DeadLetterListResponse] = new DeadLetterListResponse(Host, 2,
            [new DeadLetterSummary("payments.requested-3-45", DeadLetterReasons.SchemaViolation, "bad", "payments.requested/3/45", "acc-1", Time, "new", 1, false)]),
        [PaymentsManifests.DeadLetterResponse] = new DeadLetterResponse(Host, Entry, "{\"amount\":10.001}", [new HeaderPreview("ce_id", "ev-9")]),
        [PaymentsManifests.DeadLetterStatsResponse] = new DeadLetterStatsResponse(Host, 2, 1, 3, 1,
            [new ReasonStats(DeadLetterReasons.SchemaViolation, 1, 1, Time, Time, [new ErrorExample("bad", 1, "payments.requested-3-45")])]),
        [PaymentsManifests.DeadLetterStatsResponse + ".with-forgotten"] = new DeadLetterStatsResponse(Host, 2, 1, 3, 1,
            [new ReasonStats(DeadLetterReasons.SchemaViolation, 1, 1, Time, Time, [new ErrorExample("bad", 1, "payments.requested-3-45")])], Forgotten: 7),
        [PaymentsManifests.ReplayResponse] = new ReplayResponse(Host, Job.JobId, false, 50, ["payments.requested-3-45"],
            [new RefusedReplay("payments.requested-3-46", "purged")]),
        [PaymentsManifests.PurgeResponse] = new PurgeResponse(Host, ["payments.requested-3-46"], [new RefusedReplay("nope", "no such dead letter")]),
        [PaymentsManifests.ReplayJobsResponse] = new ReplayJobsResponse(Host,
            [new ReplayJobView(Job.JobId, 1, 1, 50, true, Job.By, Job.At, "done")]),
        [PaymentsManifests.NodeReport] = new NodeReport(Host, Time.AddMinutes(7), NotReady, NodeDeadLetters),
        [PaymentsManifests.GetClusterDeadLetters] = new GetClusterDeadLetters(),
        [PaymentsManifests.GetClusterHealth] = new GetClusterHealth(),
        [PaymentsManifests.ClusterDeadLetterReport] = new ClusterDeadLetterReport(Host, Time.AddMinutes(7),
            NodeDeadLetters with { Node = "cluster" }, [NodeDeadLetters]),
        [PaymentsManifests.ClusterHealthResponse] = new ClusterHealthResponse(Host, Time.AddMinutes(7), false, TimeSpan.FromSeconds(5),
        [
            new MemberHealth(Host, "Up", ["payments"], false, Time.AddMinutes(7), "stream: stalled: 12 records waiting for 31 s", NotReady.Checks),
            new MemberHealth("akka.tcp://payments@lighthouse:4053", "Up", ["lighthouse"], null, null, "does not report: not a payments node", []),
        ]),
        [PaymentsManifests.ControlRuleChanged] = MaxAmountChanged,
        [PaymentsManifests.ControlRulesSnapshot] = new RulesSnapshot(ChangedRules, [MaxAmountChanged, CountriesChanged]),
        [PaymentsManifests.ControlRulesSnapshot + ".without-changes"] =
            new RulesSnapshot(new StoredRules(1, 10_000m, 50_000m, 60, ["EUR"], [], ["acc-blocked-1"]), []),
        [PaymentsManifests.ControlRuleChangesDelivered] = new RuleChangesDelivered(3),
        [PaymentsManifests.ControlRulesPlaneSnapshot] = new RulesPlaneSnapshot(new RulesSnapshot(ChangedRules, [MaxAmountChanged, CountriesChanged]), 2),
        [PaymentsManifests.GetRules] = new GetRules(),
        [PaymentsManifests.GetRulesHistory] = new GetRulesHistory(),
        [PaymentsManifests.ChangeRule] = new ChangeRule(RuleKeys.MaxAmount, "2500.50", "INC-42: card testing on large amounts", "token@127.0.0.1"),
        [PaymentsManifests.RuleRefused] = new RuleRefused("maxAmount must be a decimal greater than 0, got 'abc'"),
        [PaymentsManifests.PullRules] = new PullRules(),
        [PaymentsManifests.RulesUpdate] = new RulesUpdate(ChangedRules, CountriesChanged),
        [PaymentsManifests.RulesUpdate + ".as-started"] =
            new RulesUpdate(new StoredRules(1, 10_000m, 50_000m, 60, ["EUR"], [], ["acc-blocked-1"]), null),
        [PaymentsManifests.RulesResponse] = new RulesResponse(Host, 3, ChangedValues, MaxAmountView with { Version = 3 }),
        [PaymentsManifests.RulesResponse + ".as-started"] = new RulesResponse(Host, 1, ChangedValues, null),
        [PaymentsManifests.RulesHistoryResponse] = new RulesHistoryResponse(Host, 2, [MaxAmountView]),
        [PaymentsManifests.SetRuleResponse] = new SetRuleResponse(Host, MaxAmountView),
        [EventTypes.RulesUpdated] = new RulesUpdated(2, RuleKeys.MaxAmount, "10000", "2500.50", "token@127.0.0.1", Time.AddMinutes(5),
            "INC-42: card testing on large amounts"),
        [EventTypes.ScaleDecided] = ScaleOut,
        [EventTypes.ScaleDecided + ".manual"] = ManualScale,
        [PaymentsManifests.ScalerDecided] = new ScalerDecided(1, ScaleOut),
        [PaymentsManifests.ScalerDecided + ".never-drains"] = new ScalerDecided(2, ScaleOut with
        {
            Id = "scale-2", Signals = ScaleSignals with { RecordsPerSecond = 0, LagSeconds = null, Utilisation = null, CooldownUntil = Time.AddMinutes(9) },
        }),
        [PaymentsManifests.ScalerPublished] = new ScalerPublished(2),
        [PaymentsManifests.ScalerAutoscaleSet] = new ScalerAutoscaleSet(false, "token@127.0.0.1", Time.AddMinutes(10)),
        [PaymentsManifests.ReportScaleSignals] = new ReportScaleSignals(ScaleNode),
        [PaymentsManifests.GetScalerStatus] = new GetScalerStatus(),
        [PaymentsManifests.ScaleNodes] = new ScaleNodes(3, "token@127.0.0.1"),
        [PaymentsManifests.ScaleRefused] = new ScaleRefused("nodes must be at most Payments:Control:MaxNodes (4), got 5"),
        [PaymentsManifests.SetAutoscale] = new SetAutoscale(true, "token@127.0.0.1"),
        [PaymentsManifests.ScalerStatusResponse] = new ScalerStatusResponse(Host, Time.AddMinutes(8), 1, 3, true, "process", 1, 4, 12,
            ScaleSignals, Time.AddMinutes(8), null, null, new List<ScaleNodeSignals> { ScaleNode },
            new List<StuckPartitionView> { new("payments.requested", 7, 120, 500, Time.AddMinutes(7), TimeSpan.FromSeconds(45)) },
            new List<ScaleDecided> { ScaleOut }),
        [PaymentsManifests.ScaleResponse] = new ScaleResponse(Host, ManualScale),
        [PaymentsManifests.AutoscaleResponse] = new AutoscaleResponse(Host, false, true),
    };

    private const string Host = "akka.tcp://payments@10.0.0.5:4053";
}
