using System.Globalization;
using System.Text;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Validation;
using Spectre.Console;
using static Akka.Payments.Cmd.Invocation;

namespace Akka.Payments.Cmd.Palettes;

/// <summary>
/// <c>ops dlq</c>: the ops plane's store of every dead letter of <c>payments.dlq</c>. <c>list</c>, <c>show</c>,
/// <c>stats</c> and <c>replays</c> read; <c>replay</c> (back to <c>payments.requested</c>) and <c>purge</c> change
/// things and send the token.
/// </summary>
public static class DlqCommands
{
    private static readonly ManagementJsonContext Contracts = ManagementJsonContext.Default;

    /// <summary>The statuses a dead letter has, as <c>--status</c> takes them.</summary>
    public static readonly string[] Statuses = ["new", "replayed", "purged"];

    /// <summary>The most <c>--limit</c> may ask for (the endpoint's own limit).</summary>
    public const int MaxLimit = 10_000;

    /// <summary>The fastest <c>--rate</c> the endpoint accepts, in records per second.</summary>
    public const double MaxRate = 10_000;

    /// <summary>How many of the eligible ids a replay prints.</summary>
    public const int ShownIds = 20;

    /// <summary>How much of an error <c>list</c> shows.</summary>
    public const int ErrorWidth = 60;

    private const string Which = "<id>... | --reason R | --since T";

    public static readonly IReadOnlyList<PaletteCommand> List =
    [
        new("dlq list", "[--reason R] [--since T] [--key K] [--status new|replayed|purged] [--limit N]",
            "the newest stored dead letters that match (default 50)", async i =>
        {
            i.AtMost(0);
            var reply = await i.Get(ListPath(i), Contracts.DeadLetterListResponse);
            i.Show(reply, doc =>
            {
                if (doc.DeadLetters.Count == 0) i.Line("No dead letters match.");
                else
                {
                    var table = Table("id", "reason", "status", "attempts", "first seen", "key", "error");
                    foreach (var d in doc.DeadLetters)
                        table.AddRow(Cell(d.Id), Cell(d.Reason), Cell(d.Status), Cell(d.Attempts), Cell(Text(d.FirstSeen)),
                            Cell(d.Key ?? "-"), Cell(Cut(d.Error)));
                    i.Write(table);
                }
                i.Line($"{Text(doc.DeadLetters.Count)} of {Text(doc.Matching)} shown. Ops plane on {doc.Host}");
            });
        }, "--reason", "--since", "--key", "--status", "--limit"),
        new("dlq show", "<id>", "one dead letter: every field, its headers, its value and its replays", async i =>
        {
            i.AtMost(1);
            var reply = await i.Get(ManagementPaths.OpsDlqOf(i.Argument(0, "id")), Contracts.DeadLetterResponse);
            i.Show(reply, doc => Show(i, doc));
        }),
        new("dlq stats", "", "totals, and per reason the count, the new ones, first and last seen and the errors", async i =>
        {
            i.AtMost(0);
            var reply = await i.Get(ManagementPaths.OpsDlqStats, Contracts.DeadLetterStatsResponse);
            i.Show(reply, doc => Stats(i, doc));
        }),
        new("dlq replay", $"{Which} [--dry-run] [--rate N] [--value-file F]",
            "send dead letters back to payments.requested (--value-file: instead of each stored value)", async i =>
        {
            var (ids, reason, since) = Selection(i);
            var rate = Rate(i);
            var value = ValueFile(i);
            var request = new ReplayRequest(ids, reason, since, i.Flag("--dry-run"), rate, value);
            var reply = await i.Post(ManagementPaths.OpsDlqReplay, request, Contracts.ReplayRequest, Contracts.ReplayResponse);
            i.Show(reply, doc => Replay(i, doc));
        }, "--reason", "--since", "--dry-run", "--rate", "--value-file"),
        new("dlq purge", $"{Which} --why \"text\"", "mark dead letters purged (kept, never replayed), saying why", async i =>
        {
            var (ids, reason, since) = Selection(i);
            var why = i.OptionalOption("--why") is { } w && !string.IsNullOrWhiteSpace(w)
                ? w
                : throw new UsageException("a purge says why: --why \"text\"");
            var reply = await i.Post(ManagementPaths.OpsDlqPurge, new PurgeRequest(ids, reason, since, why),
                Contracts.PurgeRequest, Contracts.PurgeResponse);
            i.Show(reply, doc =>
            {
                i.Line(doc.Purged.Count == 0 ? "Purged none." : $"Purged {Text(doc.Purged.Count)}: {string.Join(", ", doc.Purged)}");
                Refused(i, doc.Refused);
                i.Line($"Ops plane on {doc.Host}");
            });
        }, "--reason", "--since", "--why"),
        new("dlq replays", "", "every replay job and how far it got, newest first", async i =>
        {
            i.AtMost(0);
            var reply = await i.Get(ManagementPaths.OpsDlqReplays, Contracts.ReplayJobsResponse);
            i.Show(reply, doc =>
            {
                if (doc.Jobs.Count == 0) i.Line("No replays yet.");
                else
                {
                    var table = Table("job", "total", "produced", "rate/s", "corrected", "by", "at", "ended");
                    foreach (var j in doc.Jobs)
                        table.AddRow(Cell(j.JobId), Cell(j.Total), Cell(j.Produced), Cell(Number(j.RatePerSecond)),
                            Cell(j.Corrected ? "yes" : "no"), Cell(j.By), Cell(Text(j.At)), Cell(j.Ended ?? "(running)"));
                    i.Write(table);
                }
                i.Line($"Ops plane on {doc.Host}");
            });
        }),
    ];

    private static string ListPath(Invocation i)
    {
        var query = new List<string>();
        if (i.OptionalOption("--reason") is { } reason) query.Add(Parameter(ManagementPaths.ReasonParameter, reason));
        if (Since(i) is { } since) query.Add(Parameter(ManagementPaths.SinceParameter, since.ToString("O", CultureInfo.InvariantCulture)));
        if (i.OptionalOption("--key") is { } key) query.Add(Parameter(ManagementPaths.KeyParameter, key));
        if (i.OptionalOption("--status") is { } status)
        {
            if (!Statuses.Contains(status)) throw new UsageException($"--status must be one of {string.Join(", ", Statuses)}, got '{status}'");
            query.Add(Parameter(ManagementPaths.StatusParameter, status));
        }
        if (i.OptionalOption("--limit") is { } limit)
        {
            if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > MaxLimit)
                throw new UsageException($"--limit must be a whole number from 1 to {Text(MaxLimit)}, got '{limit}'");
            query.Add(Parameter(ManagementPaths.LimitParameter, Text(n)));
        }
        return query.Count == 0 ? ManagementPaths.OpsDlq : $"{ManagementPaths.OpsDlq}?{string.Join('&', query)}";
    }

    private static string Parameter(string name, string value) => $"{name}={Uri.EscapeDataString(value)}";

    /// <summary>Which dead letters a replay or purge names: ids, or else a reason and/or a since time.</summary>
    private static (IReadOnlyList<string>? Ids, string? Reason, DateTimeOffset? Since) Selection(Invocation i)
    {
        var ids = new List<string>();
        while (i.OptionalArgument(ids.Count) is { } id) ids.Add(id);
        var reason = i.OptionalOption("--reason");
        var since = Since(i);
        if (ids.Count > 0 && (reason is not null || since is not null))
            throw new UsageException("give ids, or --reason and/or --since, not both");
        if (ids.Count == 0 && reason is null && since is null)
            throw new UsageException("missing <id>, --reason or --since");
        return (ids.Count > 0 ? ids : null, reason, since);
    }

    internal static DateTimeOffset? Since(Invocation i)
    {
        if (i.OptionalOption("--since") is not { } text) return null;
        return Rfc3339.TryParse(Encoding.UTF8.GetBytes(text), out var since)
            ? since
            : throw new UsageException($"--since must be an RFC 3339 time such as 2026-11-29T18:00:00Z, got '{text}'");
    }

    /// <summary>Records per second; 0 (none given) is the endpoint's default rate.</summary>
    private static double Rate(Invocation i)
    {
        if (i.OptionalOption("--rate") is not { } text) return 0;
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) || !double.IsFinite(rate) || rate is <= 0 or > MaxRate)
            throw new UsageException($"--rate must be a number of records per second above 0 and at most {Number(MaxRate)}, got '{text}'");
        return rate;
    }

    /// <summary>The bytes of <c>--value-file</c>, or null. An empty file is refused: the endpoint takes an empty value
    /// as none, and would replay the stored values.</summary>
    private static byte[]? ValueFile(Invocation i)
    {
        if (i.OptionalOption("--value-file") is not { } path) return null;
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new UsageException($"--value-file '{path}' cannot be read: {e.Message}");
        }
        return bytes.Length > 0 ? bytes : throw new UsageException($"--value-file '{path}' is empty");
    }

    private static void Show(Invocation i, DeadLetterResponse doc)
    {
        var e = doc.Entry;
        var d = e.DeadLetter;
        var fields = Table("field", "value");
        fields.AddRow(Cell("id"), Cell(d.Id));
        fields.AddRow(Cell("status"), Cell(e.Status));
        fields.AddRow(Cell("reason"), Cell(d.Reason));
        fields.AddRow(Cell("error"), Cell(d.Error));
        fields.AddRow(Cell("source"), Cell(d.Source.Length > 0 ? d.Source : "-"));
        fields.AddRow(Cell("key"), Cell(d.Key ?? "-"));
        fields.AddRow(Cell("first seen"), Cell(Text(d.FirstSeen)));
        fields.AddRow(Cell("dead letter at"), Cell($"{d.Position.Topic}/{Text(d.Position.Partition)}/{Text(d.Position.Offset)}"));
        fields.AddRow(Cell("value"), Cell(d.Truncated
            ? $"{Text(d.Value.Length)} bytes kept of {(d.OriginalBytes is { } n ? Text(n) : "?")} (truncated: the whole is at the source)"
            : $"{Text(d.Value.Length)} bytes"));
        fields.AddRow(Cell("attempts"), Cell(e.Attempts.Count));
        if (e.PurgeReason is { } purged) fields.AddRow(Cell("purged because"), Cell(purged));
        i.Write(fields);

        if (doc.HeaderPreviews.Count == 0) i.Line("No headers.");
        else
        {
            var headers = Table("header", "value");
            foreach (var h in doc.HeaderPreviews) headers.AddRow(Cell(h.Key), Cell(h.Value));
            i.Write(headers);
        }
        i.Line("Value:");
        i.Line(doc.ValuePreview);

        if (e.Attempts.Count == 0) i.Line("Never replayed.");
        else
        {
            var attempts = Table("attempt", "job", "at", "corrected", "failed again");
            foreach (var a in e.Attempts)
                attempts.AddRow(Cell(a.Attempt), Cell(a.JobId), Cell(Text(a.At)), Cell(a.Corrected ? "yes" : "no"), Cell(a.FailedAgain ?? "-"));
            i.Write(attempts);
        }
        i.Line($"Ops plane on {doc.Host}");
    }

    private static void Stats(Invocation i, DeadLetterStatsResponse doc)
    {
        i.Line($"Dead letters: {Text(doc.Total)} stored, {Text(doc.New)} new; duplicates {Text(doc.Duplicates)}, unreadable {Text(doc.Unreadable)}, forgotten {Text(doc.Forgotten)} (the oldest beyond Payments:Ops:MaxStored; still on payments.dlq)");
        if (doc.Reasons.Count > 0)
        {
            var reasons = Table("reason", "count", "new", "first seen", "last seen");
            foreach (var r in doc.Reasons)
                reasons.AddRow(Cell(r.Reason), Cell(r.Count), Cell(r.New), Cell(Text(r.FirstSeen)), Cell(Text(r.LastSeen)));
            i.Write(reasons);
            var errors = Table("reason", "error", "count", "example id");
            foreach (var r in doc.Reasons)
                foreach (var e in r.Errors)
                    errors.AddRow(Cell(r.Reason), Cell(Cut(e.Error)), Cell(e.Count), Cell(e.ExampleId));
            i.Write(errors);
        }
        i.Line($"Ops plane on {doc.Host}");
    }

    private static void Replay(Invocation i, ReplayResponse doc)
    {
        var what = doc.DryRun ? "Dry run" : doc.JobId is { } job ? $"Replay {job}" : "Nothing to replay";
        i.Line($"{what}: {Text(doc.Eligible.Count)} eligible" +
               (doc.Eligible.Count > 0 ? $" at {Number(doc.RatePerSecond)}/s" : ""));
        if (doc.Eligible.Count > 0)
            i.Line(string.Join(", ", doc.Eligible.Take(ShownIds)) +
                   (doc.Eligible.Count > ShownIds ? $" and {Text(doc.Eligible.Count - ShownIds)} more" : ""));
        Refused(i, doc.Refused);
        i.Line($"Ops plane on {doc.Host}");
    }

    private static void Refused(Invocation i, IReadOnlyList<RefusedReplay> refused)
    {
        if (refused.Count == 0) return;
        i.Line($"Refused {Text(refused.Count)}:");
        var table = Table("id", "why");
        foreach (var r in refused) table.AddRow(Cell(r.Id), Cell(r.Why));
        i.Write(table);
    }

    /// <summary>At most <see cref="ErrorWidth"/> characters of one line: <c>…</c> marks what was cut.</summary>
    private static string Cut(string error)
    {
        var line = error.ReplaceLineEndings(" ");
        return line.Length <= ErrorWidth ? line : line[..(ErrorWidth - 1)] + "…";
    }

    private static string Number(double d) => d.ToString("0.##", CultureInfo.InvariantCulture);
}
