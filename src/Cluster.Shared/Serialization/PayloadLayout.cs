using System.Text.Json.Serialization.Metadata;

namespace Akka.Payments.Shared.Serialization;

/// <summary>How the bytes of a manifest are laid out when they are more than one JSON document (see
/// <see cref="PaymentsManifests.Entry"/>); the JSON part uses the entry's type info.</summary>
internal abstract class PayloadLayout
{
    public abstract byte[] Write(object value, JsonTypeInfo typeInfo);

    public abstract object Read(byte[] bytes, JsonTypeInfo typeInfo);
}
