using Akka.Actor;
using Akka.Serialization;

namespace Akka.Payments.IntegrationTests.InProcess;

/// <summary>
/// Bound to <c>System.Object</c> in the in-process cluster, in place of the default Newtonsoft JSON serializer: any
/// message that crosses the wire (or enters the journal) without a real serializer of its own fails loudly.
/// (<c>serialize-messages = on</c> is not practical here: it also checks local-only internals of Akka.Cluster and
/// Akka.Persistence.Sql, such as <c>ReachabilityChanged</c> and <c>WriteFinished</c>, which cannot be serialized.)
/// </summary>
public sealed class WireGuardSerializer(ExtendedActorSystem system) : Serializer(system)
{
    public const int Id = 9_901;

    public override int Identifier => Id;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj) =>
        throw new InvalidOperationException($"{obj.GetType().FullName} has no serializer of its own and would cross the wire as CLR-typed JSON");

    public override object FromBinary(byte[] bytes, Type? type) =>
        throw new InvalidOperationException($"refusing to deserialize {type?.FullName ?? "an unknown type"} with the default JSON serializer");

    public static string Hocon => $$"""
        akka.actor {
          serializers.wire-guard = "{{typeof(WireGuardSerializer).AssemblyQualifiedName}}"
          serialization-bindings { "System.Object" = wire-guard }
          serialization-identifiers { "{{typeof(WireGuardSerializer).AssemblyQualifiedName}}" = {{Id}} }
        }
        """;
}
