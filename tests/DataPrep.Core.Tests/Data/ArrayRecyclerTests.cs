using System.Collections.Concurrent;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;

namespace DataPrep.Tests.Data;

public sealed class ArrayRecyclerTests
{
    [Fact]
    public void Rent_AfterReturns_TheSmallestArrayThatFitsAndEachOnlyOnce()
    {
        var recycler = new ArrayRecycler(kept: 4);
        var small = recycler.Rent(100_000);
        var large = recycler.Rent(300_000);
        small.Length.Should().BeGreaterThan(100_000, "arrays come with room to spare for a slightly longer next batch");

        recycler.Return(large);
        recycler.Return(small);
        recycler.Return([small, small]); // one array under two buffers: kept once
        recycler.Return(small); // given back again later: it is not lent, so left alone

        recycler.Rent(90_000).Should().BeSameAs(small);
        recycler.Rent(90_000).Should().BeSameAs(large);
        recycler.Rent(90_000).Should().NotBeSameAs(small).And.NotBeSameAs(large);
        recycler.Reused.Should().Be(2);
    }

    [Fact]
    public void Return_ArraysItDidNotLendSmallOnesAndBeyondWhatIsKept_LeftAlone()
    {
        var recycler = new ArrayRecycler(kept: 2);
        var foreign = new byte[100_000];
        recycler.Return(foreign);
        recycler.Rent(90_000).Should().NotBeSameAs(foreign, "only arrays it handed out come back");
        var tiny = recycler.Rent(1000);
        recycler.Return(tiny);
        recycler.Rent(500).Should().NotBeSameAs(tiny, "small arrays are the collector's");

        byte[][] arrays = [recycler.Rent(70_000), recycler.Rent(80_000), recycler.Rent(90_000)];
        foreach (var a in arrays) recycler.Return(a);

        // The oldest made room: the two kept are the later ones.
        recycler.Rent(65_536).Should().BeSameAs(arrays[1]);
        recycler.Rent(65_536).Should().BeSameAs(arrays[2]);
        recycler.Rent(65_536).Should().NotBeSameAs(arrays[0]);
    }

    [Fact]
    public void RentZeroed_AReusedArray_ZeroesTheBytesAskedFor()
    {
        var recycler = new ArrayRecycler(kept: 1);
        var array = recycler.Rent(100_000);
        array.AsSpan().Fill(0xFF);
        recycler.Return(array);

        var again = recycler.RentZeroed(90_000);

        again.Should().BeSameAs(array);
        again.AsSpan(0, 90_000).IndexOfAnyExcept((byte)0).Should().Be(-1);
    }

    /// <summary>
    /// An IPC body holds all of a batch's buffers, so its array lies under every column. The final
    /// pass gives each body back while the source reads the next batch into a rented one: had the
    /// array come back once per buffer, a rent between two of those returns took it, and the next
    /// return put it in the free list again while it was lent (the reference benchmark's rare
    /// "step 'dedupe' failed" at the final pass's compaction).
    /// </summary>
    [Fact]
    public async Task ReturnAll_BatchInOneArrayWhileAnotherThreadRents_NeverLendsAnArrayTwice()
    {
        const int batches = 100_000, bodyBytes = 128 * 1024, columns = 32;
        var recycler = new ArrayRecycler(kept: 4);
        var lent = new ConcurrentDictionary<byte[], bool>(ReferenceEqualityComparer.Instance);
        var lentTwice = 0;
        using var queue = new BlockingCollection<byte[]>(boundedCapacity: 4);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1)); // a sink that throws must not hang the source
        // Two threads of their own, as the source and the final pass's first block run at once.
        var source = Task.Factory.StartNew(() =>
        {
            try
            {
                for (var i = 0; i < batches; i++)
                {
                    var body = recycler.Rent(bodyBytes);
                    if (!lent.TryAdd(body, true)) Interlocked.Increment(ref lentTwice);
                    queue.Add(body, timeout.Token);
                }
            }
            finally { queue.CompleteAdding(); } // a throw fails the test instead of hanging the sink
        }, TaskCreationOptions.LongRunning);
        var sink = Task.Factory.StartNew(() =>
        {
            foreach (var body in queue.GetConsumingEnumerable(timeout.Token))
            {
                var batch = BatchIn(body, columns);
                lent.TryRemove(body, out _);
                recycler.ReturnAll(batch);
            }
        }, TaskCreationOptions.LongRunning);

        await Task.WhenAll(source, sink);

        lentTwice.Should().Be(0, "an array is lent again only after it came back, and it comes back once per lending");
        recycler.Reused.Should().BeGreaterThan(batches / 2, "the test must exercise reuse");
    }

    /// <summary>A batch of int32 columns whose value buffers all lie in <paramref name="body"/>, one after another.</summary>
    private static RecordBatch BatchIn(byte[] body, int columns)
    {
        var rows = body.Length / columns / sizeof(int);
        var fields = Enumerable.Range(0, columns).Select(c => new Field($"c{c}", Int32Type.Default, nullable: false));
        var arrays = Enumerable.Range(0, columns).Select(c => (IArrowArray)new Int32Array(new ArrayData(Int32Type.Default, rows, 0, 0,
            [ArrowBuffer.Empty, new ArrowBuffer(body.AsMemory(c * rows * sizeof(int), rows * sizeof(int)))])));
        return new RecordBatch(new Schema(fields, null), arrays, rows);
    }
}
