using DataPrep.IO.Parquet.Pages;

namespace DataPrep.Tests.IO.Parquet.Pages;

/// <summary>The hybrid decoder against a naive encoder written from the format spec, on random runs.</summary>
public sealed class RleBitPackedDecoderTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(20)]
    [InlineData(32)]
    public void Decode_RandomRuns_SameValuesAsEncoded(int bitWidth)
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var (bytes, values) = Encode(new Random(seed * 31 + bitWidth), bitWidth);
            // Ask for fewer values than encoded, too: the padding of the last group is ignored.
            var wanted = values.Count - new Random(seed).Next(0, Math.Min(8, values.Count + 1));
            var decoded = new int[wanted];

            RleBitPackedDecoder.Decode(bytes, bitWidth, decoded);

            decoded.Should().Equal(values.Take(wanted), $"seed {seed}");
        }
    }

    [Fact]
    public void DecodeBits_RandomRuns_SameBitsAsEncodedAtAnyOffset()
    {
        for (var seed = 0; seed < 100; seed++)
        {
            var random = new Random(seed);
            var (bytes, values) = Encode(random, 1);
            var offset = random.Next(0, 20);
            var bitmap = new byte[(offset + values.Count + 7) / 8];

            var ones = RleBitPackedDecoder.DecodeBits(bytes, bitmap, offset, values.Count);

            ones.Should().Be(values.Count(v => v == 1));
            Enumerable.Range(0, values.Count).Select(i => (bitmap[(offset + i) >> 3] >> ((offset + i) & 7)) & 1)
                .Should().Equal(values, $"seed {seed}");
            Enumerable.Range(0, offset).Select(i => (bitmap[i >> 3] >> (i & 7)) & 1).Should().AllBeEquivalentTo(0);
        }
    }

    [Fact]
    public void DecodeBits_LevelAboveOne_ClearError()
    {
        var act = () => RleBitPackedDecoder.DecodeBits([4 << 1, 2], new byte[1], 0, 4);

        act.Should().Throw<InvalidDataException>().WithMessage("definition level 2 is above the column's maximum of 1");
    }

    /// <summary>Random RLE runs and bit-packed groups (LSB first), as parquet-format's Encodings.md lays them out.</summary>
    private static (byte[] Bytes, List<int> Values) Encode(Random random, int bitWidth)
    {
        var bytes = new List<byte>();
        var values = new List<int>();
        var max = bitWidth == 32 ? long.MaxValue : 1L << bitWidth;
        for (var run = random.Next(1, 12); run > 0; run--)
        {
            if (random.Next(2) == 0)
            {
                var count = random.Next(1, 300);
                var value = (int)(uint)random.NextInt64(0, max);
                Varint(bytes, (ulong)count << 1);
                for (var b = 0; b < (bitWidth + 7) / 8; b++) bytes.Add((byte)(value >> (8 * b)));
                values.AddRange(Enumerable.Repeat(value, count));
            }
            else
            {
                var groups = random.Next(1, 10);
                var packed = Enumerable.Range(0, groups * 8).Select(_ => (int)(uint)random.NextInt64(0, max)).ToList();
                Varint(bytes, ((ulong)groups << 1) | 1);
                var bits = new byte[groups * bitWidth];
                for (var i = 0; i < packed.Count; i++)
                    for (var k = 0; k < bitWidth; k++)
                        if ((((uint)packed[i] >> k) & 1) != 0) bits[(i * bitWidth + k) >> 3] |= (byte)(1 << ((i * bitWidth + k) & 7));
                bytes.AddRange(bits);
                values.AddRange(packed);
            }
        }
        return (bytes.ToArray(), values);
    }

    private static void Varint(List<byte> bytes, ulong value)
    {
        for (; value >= 0x80; value >>= 7) bytes.Add((byte)(value | 0x80));
        bytes.Add((byte)value);
    }
}
