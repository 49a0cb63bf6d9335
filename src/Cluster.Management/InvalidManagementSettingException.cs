namespace Akka.Payments.Management;

/// <summary>A management setting that cannot be used; the message names the key, the value and what was expected.</summary>
public sealed class InvalidManagementSettingException(string key, string value, string expected)
    : Exception($"Invalid configuration: {key}='{value}' (expected {expected})")
{
    public string Key { get; } = key;
    public string Value { get; } = value;
    public string Expected { get; } = expected;
}
