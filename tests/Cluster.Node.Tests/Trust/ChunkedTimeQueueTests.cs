using Akka.Payments.Node.Trust;

namespace Akka.Payments.Node.Tests.Trust;

public sealed class ChunkedTimeQueueTests
{
    [Fact]
    public void Keys_come_out_oldest_first_across_chunks_while_keys_keep_coming_in()
    {
        var random = new Random(13);
        var queue = new ChunkedTimeQueue();
        var model = new SortedSet<(long At, ulong Key)>();
        var key = 0UL;
        for (var step = 0; step < 40_000; step++)
        {
            if (random.Next(3) > 0 || model.Count == 0)
            {
                var at = step + random.Next(-500, 500);
                queue.Enqueue(new HashedKey(0, ++key), at);
                model.Add((at, key));
                continue;
            }
            Assert.True(queue.TryPeek(out var peeked, out var peekedAt));
            Assert.Equal(model.Min.At, peekedAt);
            Assert.True(model.Remove((peekedAt, peeked.Low)), "the peeked key was queued with that time");
            queue.Dequeue();
            Assert.Equal(model.Count, queue.Count);
        }

        Assert.True(model.Count > 3 * ChunkedTimeQueue.ChunkLength);
        foreach (var expected in model.Select(e => e.At).Order())
        {
            Assert.True(queue.TryPeek(out _, out var at));
            Assert.Equal(expected, at);
            queue.Dequeue();
        }
        Assert.False(queue.TryPeek(out _, out _));
    }

    [Fact]
    public void A_drained_queue_gives_back_its_chunks_and_refuses_one_dequeue_too_many()
    {
        var queue = new ChunkedTimeQueue();
        for (var i = 0; i < 3 * ChunkedTimeQueue.ChunkLength + 5; i++) queue.Enqueue(new HashedKey(1, (ulong)i), i);
        Assert.Equal(4, queue.Chunks);

        while (queue.Count > 0) queue.Dequeue();

        Assert.Equal(1, queue.Chunks);
        Assert.Throws<InvalidOperationException>(queue.Dequeue);
    }
}
