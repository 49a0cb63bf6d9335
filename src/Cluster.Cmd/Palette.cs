namespace Akka.Payments.Cmd;

/// <summary>A group of commands, as in pbm: <c>payctl cluster show</c> is command <c>show</c> of palette <c>cluster</c>.</summary>
public sealed record Palette(string Name, string Description, IReadOnlyList<PaletteCommand> Commands)
{
    public PaletteCommand? Find(string name) => Commands.FirstOrDefault(c => c.Name == name);

    public string Help() =>
        $"{Name}: {Description}\n\nCommands:\n" +
        string.Join('\n', Commands.Select(c => $"  {c.Name + (c.Arguments.Length > 0 ? " " + c.Arguments : ""),-38}{c.Description}")) +
        $"\n\n'payctl {Name} <command> --help' describes a command.";
}

/// <param name="Arguments">What follows the command name in its usage, e.g. <c>-r &lt;region&gt;</c>.</param>
/// <param name="Options">The options that take a value, e.g. <c>-r</c> and <c>--region</c>.</param>
public sealed record PaletteCommand(
    string Name,
    string Arguments,
    string Description,
    Func<Invocation, Task> Run,
    params string[] Options)
{
    public string Usage(string palette) =>
        $"Usage: payctl [host:port] {palette} {Name}{(Arguments.Length > 0 ? " " + Arguments : "")} [--json] [--token <token>]\n  {Description}";
}
