using System.Globalization;

namespace Akka.Payments.Node.Demo;

/// <summary>Options of <c>Cluster.Node demo</c>; anything it does not know is passed on to the node's configuration.</summary>
public sealed record DemoOptions(int Accounts = 200, int Payments = 10_000, double Rate = 1_000, int Bad = 20, int Seed = 42)
{
    public const string Usage = """
        Usage: Cluster.Node demo [--accounts N] [--payments N] [--rate R] [--bad N] [--seed S] [node settings]

        Starts a node on the embedded defaults, credits N accounts, produces payments at R per second (open loop)
        plus N malformed records, waits until every record is accounted for (processed or dead-lettered) and
        prints a summary. Exits 0 when everything is accounted for, 1 otherwise.

          --accounts N   accounts to credit and pay from       (default 200)
          --payments N   payment requests to produce           (default 10000)
          --rate R       payments per second, open loop        (default 1000)
          --bad N        malformed records, all four reasons   (default 20)
          --seed S       seed of the random workload           (default 42)
          -h, --help     show this help

        Node settings use the usual .NET forms, e.g. --Payments:DataDir=./demo-data or Kafka__BootstrapServers=...
        """;

    /// <summary>Parses the demo's own flags; returns the rest for the node's configuration.</summary>
    public static (DemoOptions Options, string[] NodeArgs) Parse(string[] args)
    {
        var options = new DemoOptions();
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new DemoUsageException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--accounts": options = options with { Accounts = Positive(args[i], Value()) }; break;
                case "--payments": options = options with { Payments = NonNegative(args[i], Value()) }; break;
                case "--bad": options = options with { Bad = NonNegative(args[i], Value()) }; break;
                case "--seed": options = options with { Seed = NonNegative(args[i], Value()) }; break;
                case "--rate":
                    var raw = Value();
                    if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate <= 0)
                        throw new DemoUsageException($"--rate must be a positive number, not '{raw}'");
                    options = options with { Rate = rate };
                    break;
                case "-h" or "--help": throw new DemoUsageException(null);
                default:
                    if (!args[i].Contains('=') && !args[i].Contains(':') && args[i].StartsWith("--", StringComparison.Ordinal) && char.IsLower(args[i][2]))
                        throw new DemoUsageException($"unknown option {args[i]}");
                    rest.Add(args[i]);
                    break;
            }
        }
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
