using System.Security.Cryptography;
using System.Text;
using Akka.Payments.Shared.Events;

namespace Akka.Payments.Shared.CloudEvents;

/// <summary>
/// Deterministic CloudEvents ids for outcomes: a name-based UUID (RFC 9562 version 5, SHA-1) over the outcome type,
/// the account id and the payment or credit id. A re-emitted outcome gets the same id, so consumers recognise it as
/// the same fact. The account id is part of the name because the entity deduplicates per account.
/// </summary>
public static class OutcomeIds
{
    /// <summary>Fixed forever: changing it changes every outcome id.</summary>
    public static readonly Guid Namespace = new("5b0f3c1e-8a4d-4e55-9f2a-6c7d1e0b9a43");

    public static string For(IOutcomeEvent outcome) =>
        For(EventCatalog.Of(outcome).Type, outcome.AccountId, outcome.RequestId);

    public static string For(string outcomeType, string accountId, string requestId) =>
        NameBased(Namespace, $"{outcomeType}\u001f{accountId}\u001f{requestId}").ToString();

    /// <summary>A version-5 UUID of <paramref name="name"/> (UTF-8) in <paramref name="namespaceId"/>.</summary>
    public static Guid NameBased(Guid namespaceId, string name)
    {
        var input = new byte[16 + Encoding.UTF8.GetByteCount(name)];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input.AsSpan(16));
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(hash[..16], bigEndian: true);
    }
}
