using DataPrep.IO.Parquet.Pages;

namespace DataPrep.Tests.IO.Parquet.Pages;

/// <summary>The validity-bitmap helpers of <see cref="ColumnSlices"/> against a bit-by-bit reading.</summary>
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

        var set = ColumnSlices.CountSet(Bits, offset, count);
        var copy = ColumnSlices.CopyBits(Bits, offset, count);

        set.Should().Be(expected.Count(b => b));
        copy.Should().HaveCount((count + 7) / 8);
        Enumerable.Range(0, count).Select(i => Bit(copy, i)).Should().Equal(expected);
        Enumerable.Range(count, copy.Length * 8 - count).Where(i => Bit(copy, i)).Should().BeEmpty("bits past the slice are clear");
    }
}
