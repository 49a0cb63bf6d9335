using System.Globalization;

namespace Akka.Payments.Bench;

/// <summary>Shares of the offered records, in percent: credits, payments that should confirm, payments that are
/// declined by a rule, and malformed records that go to the dead-letter topic.</summary>
public sealed record WorkloadMix(int Credits, int Payments, int Declines, int Malformed)
{
    public static WorkloadMix Default { get; } = new(5, 90, 4, 1);

    public static WorkloadMix Parse(string text)
    {
        var parts = text.Split(',').Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : -1).ToArray();
        if (parts.Length != 4 || parts.Any(p => p < 0) || parts.Sum() != 100)
            throw new BenchUsageException($"--mix takes four whole percentages that add up to 100 (credits,payments,declines,malformed), not '{text}'");
        return new WorkloadMix(parts[0], parts[1], parts[2], parts[3]);
    }

    public override string ToString() => $"{Credits}% credits, {Payments}% payments, {Declines}% declines, {Malformed}% malformed";
}
