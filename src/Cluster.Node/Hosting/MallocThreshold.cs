using System.Runtime.InteropServices;

namespace Akka.Payments.Node.Hosting;

/// <summary>
/// Fixes glibc malloc's mmap threshold when the node starts, so that every way of running it (the image, <c>dotnet
/// Cluster.Node.dll</c>, the bench, the process specs) gets it. Blocks over <see cref="Bytes"/> that an arena's free
/// memory cannot hold are then mapped and given back to the system when freed, and arenas keep no more than twice
/// that free at their top.
/// </summary>
/// <remarks>
/// By default glibc raises its threshold each time a mapped block is freed, up to 32 MiB. After SQLite has freed its
/// copy of one trust snapshot (about 29 MB at 2,000/s), the next copies came from malloc's per-thread arenas, which
/// keep what is freed: the node's memory outside the GC grew from 270 to 660 MiB in 40 minutes, and with the threshold
/// fixed it stayed at 215–260 MiB (docs/benchmarks.md). A threshold set in the environment
/// (<see cref="EnvironmentVariable"/>) is glibc's own and is left alone.
/// </remarks>
public static partial class MallocThreshold
{
    /// <summary>glibc's default starting threshold, kept fixed.</summary>
    public const int Bytes = 128 * 1024;

    public const string EnvironmentVariable = "MALLOC_MMAP_THRESHOLD_";

    private const int MmapThresholdParameter = -3; // M_MMAP_THRESHOLD in glibc's malloc.h

    /// <summary>Sets the threshold unless the environment does; says what it did, for the start-up log.</summary>
    public static string Apply()
    {
        if (!OperatingSystem.IsLinux()) return "malloc left as it is (not Linux)";
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } set)
            return $"glibc's mmap threshold left at {EnvironmentVariable}={set}, as the environment sets it";
        try
        {
            return SetMallocOption(MmapThresholdParameter, Bytes) == 1
                ? $"glibc's mmap threshold fixed at {Bytes} bytes (set {EnvironmentVariable} to choose another)"
                : "glibc refused the mmap threshold; malloc left as it is";
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return "malloc left as it is (the C library has no mallopt: not glibc)";
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int SetMallocOption(int parameter, int value);
}
