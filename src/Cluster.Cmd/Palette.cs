namespace Akka.Payments.Cmd;

/// <summary>A group of commands, as in pbm: <c>payctl cluster show</c> is command <c>show</c> of palette <c>cluster</c>.</summary>
public sealed record Palette(string Name, string Description, IReadOnlyList<PaletteCommand> Commands)
{
    /// <summary>The command the words after the palette's name start with: one of the palette (<c>deadletters</c>) or
    /// of a group in it (<c>dlq list</c>, a name of two words).</summary>
    public PaletteCommand? Find(IReadOnlyList<string> words) =>
        Commands.FirstOrDefault(c => c.Words.Length <= words.Count && c.Words.SequenceEqual(words.Take(c.Words.Length)));

    /// <summary>Whether <paramref name="word"/> is a group of commands, as <c>dlq</c> of <c>ops dlq list</c>.</summary>
    public bool IsGroup(string word) => Commands.Any(c => c.Words.Length > 1 && c.Words[0] == word);

    public string Help() =>
        $"{Name}: {Description}\n\nCommands:\n" +
        string.Join('\n', Commands.Select(c => Line(c.Name + (c.Arguments.Length > 0 ? " " + c.Arguments : ""), c.Description))) +
        $"\n\n'payctl {Name} <command> --help' describes a command.";

    /// <summary>A command and its description in a column; a usage too long for it puts the description on the next line.</summary>
    private static string Line(string usage, string description) =>
        usage.Length < 38 ? $"  {usage,-38}{description}" : $"  {usage}\n  {"",-38}{description}";
}

/// <param name="Arguments">What follows the command name in its usage, e.g. <c>-r &lt;region&gt;</c>.</param>
/// <param name="Name">One word, or two for a command of a group (<c>dlq list</c>).</param>
/// <param name="Options">The options it accepts besides the global ones, e.g. <c>-r</c> and <c>--region</c> (they must
/// be in <see cref="CommandLine"/>'s value options or flags too).</param>
public sealed record PaletteCommand(
    string Name,
    string Arguments,
    string Description,
    Func<Invocation, Task> Run,
    params string[] Options)
{
    /// <summary>The words of <see cref="Name"/>.</summary>
    public string[] Words => Name.Split(' ');

    public string Usage(string palette) =>
        $"Usage: payctl [host:port] {palette} {Name}{(Arguments.Length > 0 ? " " + Arguments : "")} [--json] [--token <token>]\n  {Description}";
}
