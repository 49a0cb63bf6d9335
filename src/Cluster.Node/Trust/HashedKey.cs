namespace Akka.Payments.Node.Trust;

/// <summary>
/// The first 128 bits of a key's SHA-256, as two 64-bit halves (the low half from the digest's first eight bytes,
/// read little-endian). Not <see cref="UInt128"/>: that is aligned to 16 bytes, which pads a dictionary entry to
/// 48 bytes and a time-and-key pair to 32; this makes them 32 and 24.
/// </summary>
internal readonly struct HashedKey(ulong high, ulong low) : IEquatable<HashedKey>, IComparable<HashedKey>
{
    public ulong High { get; } = high;
    public ulong Low { get; } = low;

    public bool Equals(HashedKey other) => High == other.High && Low == other.Low;

    public override bool Equals(object? obj) => obj is HashedKey other && Equals(other);

    /// <summary>The digest's bits are uniform: the low 32 are as good a hash code as any mix of them.</summary>
    public override int GetHashCode() => (int)Low;

    /// <summary>As the 128-bit number: high half first.</summary>
    public int CompareTo(HashedKey other)
    {
        var byHigh = High.CompareTo(other.High);
        return byHigh != 0 ? byHigh : Low.CompareTo(other.Low);
    }
}
