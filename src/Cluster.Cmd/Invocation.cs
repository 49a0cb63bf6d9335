using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Akka.Payments.Shared.Management.Contracts;
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

    /// <summary>Whether a flag such as <c>--dry-run</c> was given.</summary>
    public bool Flag(string name) => options.ContainsKey(name);

    public async Task<Reply<T>> Get<T>(string path, JsonTypeInfo<T> type) =>
        Reply<T>.Of(await Client.Get(path, Cancellation), type);

    public async Task<Reply<T>> Post<T>(string path, AddressRequest? body, JsonTypeInfo<T> type) =>
        Reply<T>.Of(await Client.Post(path, body, Cancellation), type);

    public async Task<Reply<T>> Post<TBody, T>(string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<T> type) =>
        Reply<T>.Of(await Client.Post(path, body, bodyType, Cancellation), type);

    /// <summary>With <c>--json</c> writes the document as it came; otherwise the human rendering of its record.</summary>
    public void Show<T>(Reply<T> reply, Action<T> human)
    {
        if (Json) Console.Out.WriteLine(JsonSerializer.Serialize(reply.Json, Indented));
        else human(reply.Body);
    }

    public void Write(IRenderable renderable) => Console.Tables.Write(renderable);

    public void Line(string text) => Console.Out.WriteLine(text);

    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns) table.AddColumn(new TableColumn(column));
        return table;
    }

    /// <summary>A number as the endpoint wrote it (decimals keep their scale: 74.50).</summary>
    public static string Text(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    public static string Text(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>A time as the endpoint wrote it (RFC 3339 with the offset it carries).</summary>
    public static string Text(DateTimeOffset t) =>
        JsonSerializer.SerializeToElement(t, ManagementJsonContext.Default.DateTimeOffset).GetString()!;

    public static Markup Cell(string s) => new(Markup.Escape(s));

    public static Markup Cell(long n) => Cell(Text(n));

    public static Markup Cell(decimal d) => Cell(Text(d));

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
