using Apache.Arrow;
using DataPrep.IO.Batches;
using DataPrep.IO.Parquet.Pages;

namespace DataPrep.Tests.IO.Parquet.Pages;

/// <summary>
/// What <see cref="ColumnSlices"/> relies on for a slice's validity, against a bit-by-bit reading: Arrow's
/// <see cref="BitUtility.CountBits(ReadOnlySpan{byte}, int, int)"/> over a range of bits, and
/// <see cref="BitBuffer.AppendBits"/> copying one (its count of zeros, the bits past it clear).
/// </summary>
public sealed class ColumnSlicesBitsTests
{
    private static readonly byte[] Bits = Enumerable.Range(0, 40).Select(i => (byte)(i * 37 + 11)).ToArray();

    private static bool Bit(ReadOnlySpan<byte> bits, int i) => (bits[i >> 3] >> (i & 7) & 1) != 0;

    [Theory]
    [InlineData(0, 320)]
    [InlineData(0, 0)]
    [InlineData(3, 61)]
    [InlineData(64, 128)]
    [InlineData(5, 300)]
    [InlineData(63, 65)]
    [InlineData(200, 7)]
    public void CountSetAndCopyBits_AnyOffsetAndLength_SameAsBitByBit(int offset, int count)
    {
        var expected = Enumerable.Range(offset, count).Select(i => Bit(Bits, i)).ToArray();

        var set = BitUtility.CountBits(Bits, offset, count);
        var buffer = new BitBuffer(count);
        buffer.AppendBits(Bits, offset, count);
        var zeros = buffer.ZeroCount;
        var copy = buffer.Detach(0);

        set.Should().Be(expected.Count(b => b));
        zeros.Should().Be(count - set);
        copy.Should().HaveCount((count + 7) / 8);
        Enumerable.Range(0, count).Select(i => Bit(copy, i)).Should().Equal(expected);
        Enumerable.Range(count, copy.Length * 8 - count).Where(i => Bit(copy, i)).Should().BeEmpty("bits past the slice are clear");
    }
}
