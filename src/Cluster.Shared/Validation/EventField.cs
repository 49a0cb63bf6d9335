using System.Text;

namespace Akka.Payments.Shared.Validation;

/// <summary>One required field of event data: its camelCase JSON name and its kind.</summary>
public sealed class EventField(string name, FieldKind kind)
{
    public string Name { get; } = name;
    public FieldKind Kind { get; } = kind;
    internal byte[] Utf8Name { get; } = Encoding.UTF8.GetBytes(name);
}
