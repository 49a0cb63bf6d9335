using System.Runtime.InteropServices;
using Akka.Payments.Node.Hosting;

namespace Akka.Payments.Node.Tests.Hosting;

public sealed class MallocThresholdTests
{
    [Fact]
    public unsafe void Once_set_blocks_over_the_threshold_stay_mapped_even_after_a_larger_block_was_freed()
    {
        var said = MallocThreshold.Apply();
        if (!OperatingSystem.IsLinux())
        {
            Assert.Contains("left as it is", said);
            return;
        }
        if (Environment.GetEnvironmentVariable(MallocThreshold.EnvironmentVariable) is null)
            Assert.Contains($"fixed at {MallocThreshold.Bytes} bytes", said);

        // glibc's default would raise its threshold to 4 MiB when this mapped block is freed, and serve the next
        // 256 KiB blocks from an arena.
        NativeMemory.Free(NativeMemory.Alloc(4 << 20));
        var blocks = Enumerable.Range(0, 4).Select(_ => (nint)NativeMemory.Alloc(256 << 10)).ToList();
        try
        {
            Assert.All(blocks, block => Assert.True(IsMapped(block), "a 256 KiB block came from an arena, not its own mapping"));
        }
        finally
        {
            foreach (var block in blocks) NativeMemory.Free((void*)block);
        }
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
