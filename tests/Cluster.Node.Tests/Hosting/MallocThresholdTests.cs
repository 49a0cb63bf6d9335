using System.Runtime.InteropServices;
using Akka.Payments.Node.Hosting;

namespace Akka.Payments.Node.Tests.Hosting;

/// <summary>
/// What <see cref="MallocThreshold"/> decides, and that its call reaches glibc. Whether a given large block is then mapped
/// cannot be checked in this process: glibc serves a request over the threshold from free memory its arena already
/// has (other specs' freed blocks, coalesced) before it maps one, so such a check fails now and then. The effect on
/// a node is measured in docs/benchmarks.md (its memory outside the GC stays flat).
/// </summary>
public sealed class MallocThresholdTests
{
    [Fact]
    public void On_glibc_it_fixes_the_threshold_through_mallopt_unless_the_environment_sets_one()
    {
        var said = MallocThreshold.Apply();

        if (!OperatingSystem.IsLinux())
            Assert.Contains("left as it is", said);
        else if (Environment.GetEnvironmentVariable(MallocThreshold.EnvironmentVariable) is { Length: > 0 } set)
            Assert.Contains($"left at {MallocThreshold.EnvironmentVariable}={set}", said);
        else
            Assert.Contains($"fixed at {MallocThreshold.Bytes} bytes", said); // the call reached glibc's mallopt
    }

    [Fact]
    public unsafe void Blocks_below_the_threshold_still_come_from_the_arenas()
    {
        MallocThreshold.Apply();
        if (!OperatingSystem.IsLinux()) return;
        var block = NativeMemory.Alloc(16 << 10);
        try
        {
            Assert.False(IsMapped((nint)block), "a 16 KiB block was mapped: the threshold is lower than it should be");
        }
        finally
        {
            NativeMemory.Free(block);
        }
    }

    /// <summary>glibc keeps a chunk's size in the word before the block; its bit 1 (IS_MMAPPED) marks a mapped chunk.</summary>
    private static unsafe bool IsMapped(nint block) => (((nuint*)block)[-1] & 2) != 0;
}
