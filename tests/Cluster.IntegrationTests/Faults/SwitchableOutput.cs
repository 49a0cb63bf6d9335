using Xunit.Abstractions;

namespace Akka.Payments.IntegrationTests.Faults;

/// <summary>
/// The test output of whichever spec is running: a class fixture outlives each spec's <see cref="ITestOutputHelper"/>,
/// so the processes it started write through this, and each spec points it at its own output when it begins.
/// </summary>
public sealed class SwitchableOutput : ITestOutputHelper
{
    private volatile ITestOutputHelper? _current;

    public void SwitchTo(ITestOutputHelper? output) => _current = output;

    public void WriteLine(string message)
    {
        try { _current?.WriteLine(message); } catch (InvalidOperationException) { /* that spec has finished */ }
    }

    public void WriteLine(string format, params object[] args) => WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
}
