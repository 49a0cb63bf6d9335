using System.Diagnostics;

namespace Akka.Payments.Testing;

/// <summary>
/// The one way specs wait for something outside the TestKit (an HTTP endpoint, a process, Kafka offsets): poll a
/// read until its value is the awaited one, with a deadline. At the deadline it fails saying what was awaited and
/// the last value (or error) seen, so a red run tells how far things got. Inside an Akka TestKit spec, prefer its own
/// <c>AwaitAssert</c> and probes. Linked into every test project that waits (one copy, see the csproj files).
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Reads until <paramref name="done"/> holds for the value read and returns that value. A read that throws is
    /// retried (a node that is still starting refuses connections); <see cref="GiveUp"/> ends the wait at once.
    /// </summary>
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within, string what)
    {
        var clock = Stopwatch.StartNew();
        var last = "nothing yet";
        Exception? lastError = null;
        while (true)
        {
            try
            {
                var value = await read();
                if (done(value)) return value;
                last = Describe(value);
                lastError = null;
            }
            catch (GiveUpException)
            {
                throw;
            }
            catch (Exception e)
            {
                last = $"{e.GetType().Name}: {e.Message}";
                lastError = e;
            }
            if (clock.Elapsed > within)
                throw new TimeoutException($"Waited {within.TotalSeconds:0.#} s for {what}; last seen: {last}", lastError);
            await Task.Delay(Interval); // polling with a deadline, not waiting for a result
        }
    }

    /// <inheritdoc cref="Until{T}(Func{Task{T}}, Func{T, bool}, TimeSpan, string)"/>
    public static Task<T> Until<T>(Func<T> read, Func<T, bool> done, TimeSpan within, string what) =>
        Until(() => Task.FromResult(read()), done, within, what);

    /// <summary>Ends a wait at once, from inside a read: what is awaited can no longer happen (a process exited).</summary>
    public static Exception GiveUp(string why) => new GiveUpException(why);

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        string text => $"\"{(text.Length <= 500 ? text : text[..500] + "...")}\"",
        _ => value.ToString() ?? "",
    };

    private sealed class GiveUpException(string why) : Exception(why);
}
