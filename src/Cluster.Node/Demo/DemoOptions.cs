using System.Globalization;

namespace Akka.Payments.Node.Demo;

/// <summary>Options of <c>Cluster.Node demo</c>; anything it does not know is passed on to the node's configuration.</summary>
public sealed record DemoOptions(int Accounts = 200, int Payments = 10_000, double Rate = 1_000, int Bad = 20, int Seed = 42, bool Autoscale = false)
{
    /// <summary>The spike of <c>--autoscale</c> unless told otherwise: more than one node decides on this machine.</summary>
    public const int AutoscalePayments = 24_000;
    public const double AutoscaleRate = 2_000;

    public const string Usage = """
        Usage: Cluster.Node demo [--accounts N] [--payments N] [--rate R] [--bad N] [--seed S] [--autoscale] [node settings]

        Starts a node on the embedded defaults, credits N accounts, produces payments at R per second (open loop)
        plus N malformed records, waits until every record is accounted for (processed or dead-lettered) and
        prints a summary. Exits 0 when everything is accounted for, 1 otherwise.

          --accounts N   accounts to credit and pay from       (default 200)
          --payments N   payment requests to produce           (default 10000; 24000 with --autoscale)
          --rate R       payments per second, open loop        (default 1000; 2000 with --autoscale)
          --bad N        malformed records, all four reasons   (default 20)
          --seed S       seed of the random workload           (default 42)
          --autoscale    start with one node and the control plane's process actuator (at most 2 nodes): the
                         spike makes it start a second node process, the lag drains, and once idle it stops it
                         again; prints that timeline, and exits 1 unless it saw the scale-out and the scale-in
          -h, --help     show this help

        Node settings use the usual .NET forms, e.g. --Payments:DataDir=./demo-data or Kafka__BootstrapServers=...
        """;

    /// <summary>Parses the demo's own flags; returns the rest for the node's configuration.</summary>
    public static (DemoOptions Options, string[] NodeArgs) Parse(string[] args)
    {
        var options = new DemoOptions();
        var rest = new List<string>();
        bool paymentsSet = false, rateSet = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new DemoUsageException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--accounts": options = options with { Accounts = Positive(args[i], Value()) }; break;
                case "--payments": options = options with { Payments = NonNegative(args[i], Value()) }; paymentsSet = true; break;
                case "--autoscale": options = options with { Autoscale = true }; break;
                case "--bad": options = options with { Bad = NonNegative(args[i], Value()) }; break;
                case "--seed": options = options with { Seed = NonNegative(args[i], Value()) }; break;
                case "--rate":
                    var raw = Value();
                    if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate <= 0)
                        throw new DemoUsageException($"--rate must be a positive number, not '{raw}'");
                    options = options with { Rate = rate };
                    rateSet = true;
                    break;
                case "-h" or "--help": throw new DemoUsageException(null);
                default:
                    if (!args[i].Contains('=') && !args[i].Contains(':') && args[i].StartsWith("--", StringComparison.Ordinal) && char.IsLower(args[i][2]))
                        throw new DemoUsageException($"unknown option {args[i]}");
                    rest.Add(args[i]);
                    break;
            }
        }
        if (options.Autoscale)
            options = options with
            {
                Payments = paymentsSet ? options.Payments : AutoscalePayments,
                Rate = rateSet ? options.Rate : AutoscaleRate,
            };
        return (options, rest.ToArray());
    }

    private static int Positive(string flag, string raw) =>
        int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : throw new DemoUsageException($"{flag} must be a whole number above 0, not '{raw}'");

    private static int NonNegative(string flag, string raw) =>
        int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n : throw new DemoUsageException($"{flag} must be a whole number, 0 or more, not '{raw}'");
}

/// <summary>A bad demo argument; a null message means help was asked for.</summary>
public sealed class DemoUsageException(string? message) : Exception(message ?? "help");
