using System.Text;
using System.Text.RegularExpressions;

namespace Akka.Payments.Cmd;

/// <summary>
/// A parsed payctl line: <c>[host:port] &lt;palette&gt; &lt;command&gt; [arguments] [options]</c>. Options may come
/// anywhere, as <c>--name value</c> or <c>--name=value</c>.
/// </summary>
public sealed partial record CommandLine(
    string? Host,
    IReadOnlyList<string> Words,
    IReadOnlyDictionary<string, string> Options,
    bool Json,
    bool Help)
{
    /// <summary>Options of payctl itself; a command declares its own (e.g. <c>-r</c>).</summary>
    public static readonly string[] GlobalOptions = ["--token", "--data-dir"];

    private static readonly string[] ValueOptions =
        [.. GlobalOptions, "-r", "--region", "--last", "--since", "--reason", "--key", "--status", "--limit", "--rate", "--value-file", "--why"];

    /// <summary>Options without a value; present, they are in <see cref="Options"/> with the value <c>true</c>.</summary>
    private static readonly string[] Flags = ["--dry-run", "--node"];

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        string? host = null;
        var words = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        bool json = false, help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--json") { json = true; continue; }
            if (arg is "--help" or "-h" or "-?") { help = true; continue; }
            if (arg.StartsWith('-') && arg.Length > 1)
            {
                var (name, value) = arg.IndexOf('=') is var eq and > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
                if (Flags.Contains(name))
                {
                    options[name] = value is null ? "true" : throw new UsageException($"{name} takes no value");
                    continue;
                }
                if (!ValueOptions.Contains(name)) throw new UsageException($"unknown option '{name}'");
                value ??= i + 1 < args.Count ? args[++i] : throw new UsageException($"{name} needs a value");
                options[name] = value;
                continue;
            }
            if (words.Count == 0 && host is null && LooksLikeHost(arg)) { host = arg; continue; }
            words.Add(arg);
        }
        return new CommandLine(host, words, options, json, help);
    }

    private static bool LooksLikeHost(string arg) => HostPattern().IsMatch(arg);

    [GeneratedRegex(@"^(https?://)?[A-Za-z0-9.\-\[\]:]+:\d{1,5}/?$")]
    private static partial Regex HostPattern();

    /// <summary>Splits a REPL line into arguments; double or single quotes group words.</summary>
    public static IReadOnlyList<string> Split(string line)
    {
        var result = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        var any = false;
        foreach (var c in line)
        {
            if (quote is not null) { if (c == quote) quote = null; else current.Append(c); continue; }
            if (c is '"' or '\'') { quote = c; any = true; continue; }
            if (char.IsWhiteSpace(c))
            {
                if (any || current.Length > 0) result.Add(current.ToString());
                current.Clear();
                any = false;
                continue;
            }
            current.Append(c);
        }
        if (any || current.Length > 0) result.Add(current.ToString());
        return result;
    }
}
