namespace Akka.Payments.Node.Configuration;

/// <summary>A configuration value that cannot be used; the message names the key, the value and what was expected.</summary>
public sealed class ConfigurationException(string key, string value, string expected)
    : Exception($"Invalid configuration: {key}='{value}' (expected {expected}). Set it in appsettings.json, as the environment variable {key.Replace(":", "__")}, or on the command line as --{key}=...")
{
    public string Key { get; } = key;
}
