using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Akka.Payments.Node.Configuration;

/// <summary>Typed reads of configuration keys that fail with the key named.</summary>
internal sealed class SettingsReader(IConfiguration config)
{
    public string? OptionalString(string key) => string.IsNullOrWhiteSpace(config[key]) ? null : config[key]!.Trim();

    public string String(string key, string fallback) => OptionalString(key) ?? fallback;

    public int Int(string key, int fallback, int min, int max)
    {
        var raw = OptionalString(key);
        if (raw is null) return fallback;
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new ConfigurationException(key, raw, $"a whole number from {min} to {max}");
        return value;
    }

    public TimeSpan Duration(string key, TimeSpan fallback, bool zeroAllowed = false)
    {
        var raw = OptionalString(key);
        if (raw is null) return fallback;
        if (!TimeSpan.TryParse(raw, CultureInfo.InvariantCulture, out var value) || value < TimeSpan.Zero || (value == TimeSpan.Zero && !zeroAllowed))
            throw new ConfigurationException(key, raw, zeroAllowed ? "a duration such as 00:00:00.002 (0 for none)" : "a positive duration such as 00:00:05");
        return value;
    }

    /// <summary>A list given either as a comma-separated string or as an array section (<c>Key:0</c>, <c>Key:1</c>).</summary>
    public IReadOnlyList<string> List(string key)
    {
        var raw = OptionalString(key);
        var items = raw is not null
            ? raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : config.GetSection(key).GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(s => s.Length > 0);
        return items.ToList();
    }

    /// <summary>The key/value pairs under a section, as they are (client properties passed through).</summary>
    public IReadOnlyDictionary<string, string> Properties(string section) =>
        config.GetSection(section).GetChildren()
            .Where(c => c.Value is not null)
            .ToDictionary(c => c.Key, c => c.Value!, StringComparer.Ordinal);

    /// <summary>The key/value pairs under a section over <paramref name="defaults"/>: a configured key wins.</summary>
    public IReadOnlyDictionary<string, string> Properties(string section, IReadOnlyDictionary<string, string> defaults)
    {
        var properties = new Dictionary<string, string>(defaults, StringComparer.Ordinal);
        foreach (var (key, value) in Properties(section)) properties[key] = value;
        return properties;
    }

    /// <summary>A list given either as a comma-separated string or as an array section, as one comma-separated
    /// string; null when the key is not set.</summary>
    public string? OptionalList(string key)
    {
        if (OptionalString(key) is { } raw) return raw;
        var items = List(key);
        return items.Count == 0 ? null : string.Join(',', items);
    }
}
