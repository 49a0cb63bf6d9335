using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Akka.Payments.Cmd;

/// <summary>One command as it runs: its arguments and options, the client, and where to write.</summary>
public sealed class Invocation(
    ManagementClient client,
    CmdConsole console,
    bool json,
    IReadOnlyList<string> arguments,
    IReadOnlyDictionary<string, string> options,
    CancellationToken cancellation)
{
    public ManagementClient Client { get; } = client;
    public CmdConsole Console { get; } = console;
    public bool Json { get; } = json;
    public CancellationToken Cancellation { get; } = cancellation;

    public string Argument(int index, string name) =>
        index < arguments.Count ? arguments[index] : throw new UsageException($"missing <{name}>");

    public string? OptionalArgument(int index) => index < arguments.Count ? arguments[index] : null;

    /// <summary>Fails with a usage error if more than <paramref name="max"/> arguments were given.</summary>
    public void AtMost(int max)
    {
        if (arguments.Count > max) throw new UsageException($"unexpected argument '{arguments[max]}'");
    }

    public string Option(string name, params string[] aliases) =>
        OptionalOption(name, aliases) ?? throw new UsageException($"missing {string.Join(" or ", aliases.Prepend(name))} <value>");

    public string? OptionalOption(string name, params string[] aliases) =>
        aliases.Prepend(name).Select(n => options.GetValueOrDefault(n)).FirstOrDefault(v => v is not null);

    public Task<JsonElement> Get(string path) => Client.Get(path, Cancellation);

    public Task<JsonElement> Post(string path, object? body = null) => Client.Post(path, body, Cancellation);

    /// <summary>With <c>--json</c> writes the document as it is; otherwise the human rendering.</summary>
    public void Show(JsonElement document, Action human)
    {
        if (Json) Console.Out.WriteLine(JsonSerializer.Serialize(document, Indented));
        else human();
    }

    public void Write(IRenderable renderable) => Console.Tables.Write(renderable);

    public void Line(string text) => Console.Out.WriteLine(text);

    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns) table.AddColumn(new TableColumn(column));
        return table;
    }

    public static string Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.String => e.GetString()!,
        _ => e.GetRawText(),
    };

    public static Markup Cell(JsonElement e) => new(Markup.Escape(Text(e)));

    public static Markup Cell(string s) => new(Markup.Escape(s));

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
