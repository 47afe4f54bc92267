using System.IO.Hashing;
using DataPrep.Steps.Dedupe;

namespace DataPrep.Tests.Steps.Dedupe;

public sealed class KeyTableTests
{
    /// <summary>Hashes of 0..distinct-1, drawn with repeats (also inside one batch), as row hashes would be.</summary>
    private static UInt128[] Keys(int count, int distinct, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => XxHash128.HashToUInt128(BitConverter.GetBytes(random.Next(distinct)))).ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void AddFirst_ManyBatches_SameAnswersAsADictionaryAtAnyParallelism(int parallelism)
    {
        var table = new KeyTable();
        var reference = new Dictionary<UInt128, long>();
        long row = 0;
        foreach (var size in new[] { 10, 5000, 70_000, 1, 30_000 })
        {
            var keys = Keys(size, 40_000, size);
            var values = keys.Select(_ => row++).ToArray();
            var first = new long[size];

            table.AddFirst(keys, values, first, parallelism);

            for (var i = 0; i < size; i++)
            {
                var expected = reference.TryAdd(keys[i], values[i]) ? -1 : reference[keys[i]];
                first[i].Should().Be(expected, $"key {i} of the {size}-key batch");
            }
        }
        table.Count.Should().Be(reference.Count);
        foreach (var (key, value) in reference)
        {
            table.TryGetValue(key, out var held).Should().BeTrue();
            held.Should().Be(value);
        }
        table.TryGetValue(XxHash128.HashToUInt128([1, 2, 3]), out _).Should().BeFalse();
    }

    [Fact]
    public void AddFirst_ValueZero_IsAValueNotAnEmptySlot()
    {
        var table = new KeyTable();
        var key = XxHash128.HashToUInt128([7]);
        var first = new long[2];

        table.AddFirst([key, key], [0, 5], first, 1);

        first.Should().Equal(-1, 0);
    }

    [Fact]
    public void SetMaxAndMergeMax_KeepTheLargestValuePerKey()
    {
        var keys = Keys(20_000, 3_000, 1);
        var reference = new Dictionary<UInt128, long>();
        var parts = new[] { new KeyTable(), new KeyTable(), new KeyTable() };
        var random = new Random(2);
        for (var i = 0; i < keys.Length; i++)
        {
            var value = random.NextInt64(0, 1L << 50);
            parts[i % 3].SetMax(keys[i], value);
            reference[keys[i]] = Math.Max(reference.GetValueOrDefault(keys[i], -1), value);
        }

        parts[0].MergeMax(parts[2]);
        parts[0].MergeMax(parts[1]);

        parts[0].Count.Should().Be(reference.Count);
        foreach (var (key, value) in reference)
        {
            parts[0].TryGetValue(key, out var held).Should().BeTrue();
            held.Should().Be(value);
        }
    }

    [Fact]
    public void Bytes_StaysWithinTheLoadBounds()
    {
        var table = new KeyTable();
        var keys = Keys(300_000, int.MaxValue, 3);
        table.AddFirst(keys, keys.Select((_, i) => (long)i).ToArray(), new long[keys.Length], 2);

        // 24-byte slots, each shard between 1/2 and 3/4 full once past its first size.
        table.Bytes.Should().BeInRange(table.Count * 24 * 4 / 3, table.Count * 24 * 2 + 256 * 64 * 24);
    }

    [Fact]
    public void Reserve_ThenThatManyKeys_NoGrowthAndTheSameAnswers()
    {
        var keys = Keys(200_000, 150_000, 5);
        var values = keys.Select((_, i) => (long)i).ToArray();
        using var grown = new KeyTable();
        using var reserved = new KeyTable();
        reserved.Reserve(150_000);
        var bytes = reserved.Bytes;

        var (a, b) = (new long[keys.Length], new long[keys.Length]);
        for (var start = 0; start < keys.Length; start += 20_000)
        {
            var range = new Range(start, start + 20_000);
            var (ka, va) = (keys[range], values[range]);
            var (fa, fb) = (new long[ka.Length], new long[ka.Length]);
            grown.AddFirst(ka, va, fa, 2);
            reserved.AddFirst(ka, va, fb, 2);
            fa.CopyTo(a, start);
            fb.CopyTo(b, start);
        }

        b.Should().Equal(a);
        reserved.Count.Should().Be(grown.Count);
        reserved.Bytes.Should().Be(bytes, "a shard holding its share of the reserved keys is 70 % full, under the 75 % it grows at");
        bytes.Should().BeInRange((long)(150_000 * 24 / KeyTable.ReservedLoad), (long)(150_000 * 24 / KeyTable.ReservedLoad) + 256 * 24);
    }

    [Fact]
    public void Dispose_FreesTheSlots_AndLaterUseThrows()
    {
        var table = new KeyTable();
        var keys = Keys(50_000, int.MaxValue, 4);
        table.AddFirst(keys, keys.Select((_, i) => (long)i).ToArray(), new long[keys.Length], 1);
        table.Bytes.Should().BeGreaterThan(50_000L * 24);

        table.Dispose();

        table.Bytes.Should().Be(0);
        table.Invoking(t => t.TryGetValue(keys[0], out _)).Should().Throw<ObjectDisposedException>();
        table.Invoking(t => t.SetMax(keys[0], 1)).Should().Throw<ObjectDisposedException>();
        table.Dispose(); // twice is harmless
    }
}
