using System.Globalization;
using Akka.Payments.Node.Configuration;

namespace Akka.Payments.Node.Control.Scaling;

/// <summary>
/// How <see cref="ScalePolicy"/> decides the number of payment nodes (<c>Payments:Control:*</c>). The scale-out and
/// scale-in thresholds differ (hysteresis): between <see cref="ScaleInLagSeconds"/> and
/// <see cref="ScaleOutLagSeconds"/> nothing changes.
/// </summary>
public sealed record ScalePolicySettings
{
    private const string Prefix = "Payments:Control:";

    public static ScalePolicySettings Default { get; } = new();

    /// <summary>Never fewer payment nodes than this, unless the input topic has fewer partitions
    /// (<c>MinNodes</c>).</summary>
    public int MinNodes { get; init; } = 1;

    /// <summary>Never more payment nodes than this, nor than the input topic's partitions (<c>MaxNodes</c>).</summary>
    public int MaxNodes { get; init; } = 4;

    /// <summary>Lag above this many seconds of the recent consume rate, for <see cref="ScaleOutSamples"/> samples in
    /// a row, scales out; it is also the lag the scale-out aims for (<c>ScaleOutLagSeconds</c>).</summary>
    public double ScaleOutLagSeconds { get; init; } = 10;

    /// <summary>How many samples in a row the lag must stay above <see cref="ScaleOutLagSeconds"/>, or grow, to
    /// scale out (<c>ScaleOutSamples</c>).</summary>
    public int ScaleOutSamples { get; init; } = 3;

    /// <summary>Lag under this many seconds is "near zero": it may scale in, and lag that grows under it is not
    /// counted as growing (<c>ScaleInLagSeconds</c>). Below <see cref="ScaleOutLagSeconds"/>.</summary>
    public double ScaleInLagSeconds { get; init; } = 1;

    /// <summary>How many samples in a row lag must be near zero and utilisation low to scale in by one
    /// (<c>ScaleInSamples</c>).</summary>
    public int ScaleInSamples { get; init; } = 6;

    /// <summary>Utilisation is low when the nodes' mean CPU, spread over one node fewer, stays under this fraction
    /// (<c>ScaleInUtilisation</c>; 0: never scale in for idleness).</summary>
    public double ScaleInUtilisation { get; init; } = 0.3;

    /// <summary>After a change, no other change for this long, and samples in it are not counted: the nodes start or
    /// drain and the partitions rebalance (<c>Cooldown</c>; 0 for none).</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A partition with lag whose committed offset has not moved for this long, while other partitions
    /// drain (moved within it, or have no lag), is reported stuck (<c>StuckAfter</c>). Its lag is left out of the
    /// signals from the first sample it does not move, not only after this.</summary>
    public TimeSpan StuckAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A node's report older than this at the sample's time is not counted: its rate is taken as 0 and its
    /// CPU as unknown (<c>SignalsMaxAge</c>).</summary>
    public TimeSpan SignalsMaxAge { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Throws <see cref="ConfigurationException"/> naming the first key whose value cannot work, alone or
    /// with the others.</summary>
    public ScalePolicySettings Validate()
    {
        if (MinNodes < 1) throw Invalid(nameof(MinNodes), MinNodes, "a whole number of at least 1");
        if (MaxNodes < MinNodes) throw Invalid(nameof(MaxNodes), MaxNodes, $"a whole number of at least MinNodes ({MinNodes})");
        if (!(ScaleOutLagSeconds > 0) || double.IsInfinity(ScaleOutLagSeconds))
            throw Invalid(nameof(ScaleOutLagSeconds), ScaleOutLagSeconds, "a positive number of seconds");
        if (ScaleOutSamples < 1) throw Invalid(nameof(ScaleOutSamples), ScaleOutSamples, "a whole number of at least 1");
        if (!(ScaleInLagSeconds >= 0) || !(ScaleInLagSeconds < ScaleOutLagSeconds))
            throw Invalid(nameof(ScaleInLagSeconds), ScaleInLagSeconds, $"a number of seconds from 0 to below ScaleOutLagSeconds ({Format(ScaleOutLagSeconds)})");
        if (ScaleInSamples < 1) throw Invalid(nameof(ScaleInSamples), ScaleInSamples, "a whole number of at least 1");
        if (!(ScaleInUtilisation >= 0 && ScaleInUtilisation <= 1))
            throw Invalid(nameof(ScaleInUtilisation), ScaleInUtilisation, "a fraction from 0 to 1");
        if (Cooldown < TimeSpan.Zero) throw Invalid(nameof(Cooldown), Cooldown, "a duration such as 00:01:00 (0 for none)");
        if (StuckAfter <= TimeSpan.Zero) throw Invalid(nameof(StuckAfter), StuckAfter, "a positive duration such as 00:00:30");
        if (SignalsMaxAge <= TimeSpan.Zero) throw Invalid(nameof(SignalsMaxAge), SignalsMaxAge, "a positive duration such as 00:00:15");
        return this;
    }

    private static ConfigurationException Invalid(string key, object value, string expected) =>
        new(Prefix + key, value is double d ? Format(d) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", expected);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
