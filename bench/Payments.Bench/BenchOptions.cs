using System.Globalization;

namespace Akka.Payments.Bench;

/// <summary>What the harness runs against what, parsed from the command line.</summary>
public sealed record BenchOptions
{
    public string Mode { get; init; } = "help";
    public IReadOnlyList<string> Targets { get; init; } = ["ours", "baseline"];
    public IReadOnlyList<string> Journals { get; init; } = ["sqlite"];
    public string? PostgresConnection { get; init; } = Environment.GetEnvironmentVariable("PAYMENTS_BENCH_POSTGRES");
    public double Rate { get; init; } = 2_000;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(10);
    public int Accounts { get; init; } = 1_000;
    public WorkloadMix Mix { get; init; } = WorkloadMix.Default;
    public int Partitions { get; init; } = 48;
    public string? Out { get; init; }
    public double MaxRate { get; init; } = 64_000;

    // baseline-worker only
    public string? Bootstrap { get; init; }
    public string? Connection { get; init; }

    // streamiz-worker only: where RocksDB keeps the account store
    public string? StateDir { get; init; }
    public string Journal => Journals[0];

    public const string Usage = """
        Payments.Bench — load generator, measurer and a plain-loop baseline, measured side by side in one run.

        Usage:
          Payments.Bench run    [--target ours|ours-2n|baseline|streamiz|both|all|scaling] [--journal sqlite|postgres|both] --rate R [--duration S]
          Payments.Bench sweep  [--target ...] [--journal ...] [--duration S] [--out FILE.md]
          Payments.Bench soak   [--target ...] [--journal ...] --rate R [--duration S]
          Payments.Bench smoke  [--target ...] (a tiny run on SQLite, of ours and the baseline unless --target says
                                otherwise; what the test suite calls)
          Payments.Bench --help

        Modes:
          run     one trial per target and journal at an offered rate (open loop): throughput, latency
                  p50/p99/max from each request's ce_time to the receipt of its outcome, CPU-µs per payment and
                  peak RSS of the process under test.
          sweep   per target and journal: the maximum throughput (the highest offered rate whose lag stays
                  bounded: every outcome arrives within 1 s of the end of the load), then latency at 50% and 80%
                  of that rate. Writes a Markdown table (--out) and an SVG plot of throughput and p99 against the
                  offered rate next to it.
          soak    sustained overload: offers R (pick it above the max sweep found) for S seconds and prints,
                  every second, the process's RSS and the backlog (sent minus answered), then the RSS slope
                  over the last three quarters of the load. The design goal: the backlog grows in Kafka, memory
                  stays flat. Then it waits for the backlog to drain, which shows nothing was lost. Mind the
                  embedded Kafka's retention: rate x duration must stay under ~5 MiB per partition.

        What runs:
          ours       Cluster.Node as a process: Kafka source -> shard region -> account entity (PersistAsync)
                     -> producer -> committer.
          ours-2n    two Cluster.Node processes in one cluster (the second joins the first), one consumer group
                     and one PostgreSQL journal: the partitions and the shards split between them. Its CPU and
                     RSS are the two processes' sums. On this machine they share the same cores, so what it
                     shows is the cost per CPU-second of being two, not a speed-up.
          baseline   a hand-written Confluent.Kafka loop in a process of its own: poll a batch, decode, the same
                     pure AccountState.Decide, one batched insert of the same journal rows into the same database,
                     produce the outcomes, commit.
          streamiz   the second peer, what a .NET user would most likely pick instead of Akka: Streamiz.Kafka.Net
                     (Kafka Streams for .NET) in a process of its own, the same decoder and AccountState in a
                     processor whose accounts live in a RocksDB state store made durable by its changelog topic.
                     It keeps no SQL journal: under --journal it runs the same way, and the journal column only
                     says which sweep it ran in.
          All read the same embedded Kafka (librdkafka's mock cluster, in this process) with --partitions
          partitions per topic. The mock keeps ~5 MiB per partition and drops the oldest records silently: the
          harness checks every request got its outcome and marks a trial LOST otherwise, instead of reporting
          skipped data as speed.

        Options:
          --target T        ours, baseline, streamiz, both (ours and baseline), all three, ours-2n (two
                            Cluster.Node processes in one cluster, --journal postgres only) or scaling
                            (ours and ours-2n: the table adds their ratio per CPU-second)  (default both)
          --journal J       sqlite, postgres or both                       (default sqlite)
          --postgres CS     PostgreSQL connection string (or PAYMENTS_BENCH_POSTGRES); each run uses a fresh
                            schema-less database objects prefix, so point it at a throwaway database
          --rate R          offered payments per second (run)              (default 2000)
          --duration S      seconds of load per trial                      (default 10)
          --warm-up S       seconds of unmeasured load at 1,000/s after the warm-up credits, so the JIT
                            has tiered up before the first trial           (default 10)
          --accounts N      accounts the load spreads over                 (default 1000)
          --mix M           percentages credits,payments,declines,malformed (default 5,90,4,1)
          --partitions P    partitions per topic                           (default 48)
          --max-rate R      upper bound of the sweep's search              (default 64000)
          --out FILE        where sweep writes its Markdown table
        """;

    public static BenchOptions Parse(string[] args)
    {
        if (args.Length == 0) return new BenchOptions();
        var o = new BenchOptions { Mode = args[0] is "-h" or "--help" ? "help" : args[0] };
        for (var i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new BenchUsageException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--target" => o with { Targets = Target(Value()) },
                "--journal" => o with { Journals = Choice(Value(), "sqlite", "postgres") },
                "--postgres" => o with { PostgresConnection = Value() },
                "--rate" => o with { Rate = Number(args[i], Value()) },
                "--duration" => o with { Duration = TimeSpan.FromSeconds(Number(args[i], Value())) },
                "--warm-up" => o with { WarmUp = TimeSpan.FromSeconds(Number(args[i], Value())) },
                "--accounts" => o with { Accounts = (int)Number(args[i], Value()) },
                "--mix" => o with { Mix = WorkloadMix.Parse(Value()) },
                "--partitions" => o with { Partitions = (int)Number(args[i], Value()) },
                "--max-rate" => o with { MaxRate = Number(args[i], Value()) },
                "--out" => o with { Out = Value() },
                "--bootstrap" => o with { Bootstrap = Value() },
                "--connection" => o with { Connection = Value() },
                "--state-dir" => o with { StateDir = Value() },
                "-h" or "--help" => o with { Mode = "help" },
                _ => throw new BenchUsageException($"unknown option {args[i]}"),
            };
        }
        if (o.Mode is not ("help" or "run" or "sweep" or "soak" or "smoke" or "baseline-worker" or "streamiz-worker"))
            throw new BenchUsageException($"unknown mode '{o.Mode}'");
        if (o.Targets.Contains(Harness.SystemUnderTest.TwoNodes) && o.Journals.Contains("sqlite"))
            throw new BenchUsageException("ours-2n shares one journal between two processes: use it with --journal postgres");
        if (o.Journals.Contains("postgres") && o.Mode is "run" or "sweep" or "soak" && string.IsNullOrWhiteSpace(o.PostgresConnection))
            throw new BenchUsageException("--journal postgres needs --postgres CONNECTION (or PAYMENTS_BENCH_POSTGRES)");
        return o;
    }

    private static IReadOnlyList<string> Target(string value) => value switch
    {
        "ours" or "baseline" or "streamiz" or Harness.SystemUnderTest.TwoNodes => [value],
        "both" => ["ours", "baseline"],
        "all" => ["ours", "baseline", "streamiz"],
        "scaling" => ["ours", Harness.SystemUnderTest.TwoNodes],
        _ => throw new BenchUsageException($"expected ours, ours-2n, baseline, streamiz, both, all or scaling, not '{value}'"),
    };

    private static IReadOnlyList<string> Choice(string value, string a, string b) => value switch
    {
        _ when value == a => [a],
        _ when value == b => [b],
        "both" => [a, b],
        _ => throw new BenchUsageException($"expected {a}, {b} or both, not '{value}'"),
    };

    private static double Number(string flag, string raw) =>
        double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : throw new BenchUsageException($"{flag} must be a positive number, not '{raw}'");
}

public sealed class BenchUsageException(string message) : Exception(message);
