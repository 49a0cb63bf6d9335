using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Akka.Payments.Shared.Validation;

namespace Akka.Payments.Shared.Events;

/// <summary>
/// One line of <see cref="EventCatalog"/>: everything the codecs, the schema check and the serializer need to know
/// about one event type. The CloudEvents <c>type</c> is also the Akka serializer manifest (events are stored exactly
/// as their Kafka data) and names the JSON Schema file, <c>schemas/&lt;type&gt;.json</c>.
/// </summary>
public sealed class EventDescriptor
{
    internal EventDescriptor(string type, string topic, JsonTypeInfo typeInfo, params EventField[] fields)
    {
        Type = type;
        Utf8Type = Encoding.UTF8.GetBytes(type);
        Topic = topic;
        TypeInfo = typeInfo;
        Fields = fields;
    }

    /// <summary>The CloudEvents <c>type</c> attribute, one of <see cref="EventTypes"/>.</summary>
    public string Type { get; }

    internal byte[] Utf8Type { get; }

    /// <summary>The record the data binds to.</summary>
    public Type ClrType => TypeInfo.Type;

    /// <summary>Source-generated metadata of the concrete record: camelCase data, no type discriminator.</summary>
    public JsonTypeInfo TypeInfo { get; }

    /// <summary>The topic events of this type travel on, e.g. <see cref="Topics.Requested"/> for inputs.</summary>
    public string Topic { get; }

    /// <summary>True for the types the payment stream accepts on <see cref="Topics.Requested"/>.</summary>
    public bool IsInput => Topic == Topics.Requested;

    /// <summary>The <see cref="Serialization.PaymentsSerializer"/> manifest: the CloudEvents type, so that a journal
    /// row and a Kafka record of the same event carry the same name. Never change it for a stored type.</summary>
    public string Manifest => Type;

    /// <summary>Where the JSON Schema of the data is checked in, relative to the repository root.</summary>
    public string SchemaFile => $"schemas/{Type}.json";

    /// <summary>The data schema as code (every field required, extra fields allowed); the tests check that it
    /// agrees with <see cref="SchemaFile"/>.</summary>
    public IReadOnlyList<EventField> Fields { get; }

    /// <summary>The event's data: camelCase JSON of the concrete record, without a type discriminator.</summary>
    public byte[] Serialize(object data) => JsonSerializer.SerializeToUtf8Bytes(data, TypeInfo);

    /// <summary>Binds data (as <see cref="Serialize"/> writes it) to the record.</summary>
    public object? Deserialize(ReadOnlySpan<byte> utf8Json) => JsonSerializer.Deserialize(utf8Json, TypeInfo);

    public override string ToString() => Type;
}
