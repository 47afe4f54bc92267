using System.Text;
using DataPrep.IO.Parquet.Pages;

namespace DataPrep.Tests.IO.Parquet.Pages;

/// <summary>
/// <see cref="SnappyBlock"/> against Snappier's compressor and decompressor on generated data, and
/// against hand-made blocks for every element form. Every decode goes into a span with guard bytes
/// on both sides, which must stay untouched (the fast path's wide stores stay inside the target).
/// </summary>
public sealed class SnappyBlockTests
{
    public static TheoryData<string, int> Inputs()
    {
        var data = new TheoryData<string, int>();
        foreach (var kind in new[] { "random", "runs", "periodic", "text", "mixed" })
            foreach (var length in new[] { 0, 1, 2, 3, 15, 16, 17, 20, 63, 64, 65, 79, 80, 81, 100, 1000, 4095, 4096, 65535, 65536, 65537, 100_000, 1 << 20 })
                data.Add(kind, length);
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Decompress_SnappierCompressed_SameBytesAsOriginalAndSnappier(string kind, int length)
    {
        for (var seed = 0; seed < (length < 100_000 ? 5 : 1); seed++)
        {
            var original = Generate(kind, length, new Random(seed * 7919 + length));
            var block = SnappyStream.Compress(original);
            var snappier = new byte[length];
            Snappier.Snappy.Decompress(block, snappier).Should().Be(length);

            var ours = Decode(block, length);

            ours.AsSpan().SequenceEqual(original).Should().BeTrue($"{kind}, {length} bytes, seed {seed}");
            ours.AsSpan().SequenceEqual(snappier).Should().BeTrue();
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Decompress_CopyOfEveryOffsetAndLength_ReplaysTheCopy(int offsetBytes)
    {
        var random = new Random(offsetBytes);
        var seed = new byte[70];
        random.NextBytes(seed);
        var (minLength, maxLength) = offsetBytes == 1 ? (4, 11) : (1, 64);
        foreach (var tail in new[] { 0, 100 })
            for (uint offset = 1; offset <= 70; offset++)
                for (var length = minLength; length <= maxLength; length++)
                {
                    // Without a tail the copy is decoded by the careful end path, with one by the fast path.
                    var stream = new SnappyStream().Literal(seed).Copy(offsetBytes, offset, length);
                    if (tail > 0) stream.Literal(Filled(tail, 0x5A));

                    Decode(stream.ToArray(), stream.Written).Should().Equal(stream.Expected, $"offset {offset}, length {length}, tail {tail}");
                }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Decompress_LiteralLengthForms_ReadTheLength(int extraBytes)
    {
        var random = new Random(extraBytes);
        foreach (var length in new[] { 1, 16, 17, 59, 60, 61, 64, 65, 256, 257, 1000, 70_000 })
        {
            if (extraBytes == 0 && length > 60) continue;
            if (extraBytes > 0 && length - 1 >= 1L << (8 * extraBytes)) continue;
            var literal = new byte[length];
            random.NextBytes(literal);
            foreach (var tail in new[] { 0, 100 })
            {
                var stream = new SnappyStream().Literal(literal, extraBytes);
                if (tail > 0) stream.Literal(Filled(tail, 0x33));
                var block = stream.ToArray();

                Decode(block, stream.Written).Should().Equal(stream.Expected, $"{length} bytes, tail {tail}");
                if (!SnappierReadsFourByteLiteralLengths && extraBytes == 4) continue;
                var snappier = new byte[stream.Written];
                Snappier.Snappy.Decompress(block, snappier);
                snappier.Should().Equal(stream.Expected);
            }
        }
    }

    [Fact]
    public void Decompress_FourByteOffsetsPast64KiB_CopyFromFarBack()
    {
        var random = new Random(4);
        var head = new byte[200_000];
        random.NextBytes(head);
        var stream = new SnappyStream().Literal(head);
        foreach (var offset in new uint[] { 65_535, 65_536, 65_537, 199_999, 200_000, 5 })
            stream.Copy(4, offset, 64).Copy(4, offset, 1).Copy(2, Math.Min(offset, 65_535), 37);

        Decode(stream.ToArray(), stream.Written).Should().Equal(stream.Expected);
    }

    [Fact]
    public void Decompress_LongRunsOfShortPeriods_RepeatThePeriod()
    {
        // Long copies of each period 1..20, one after another: the pattern stores of one copy
        // must leave the next copy's source right.
        var stream = new SnappyStream().Literal(Enumerable.Range(1, 20).Select(i => (byte)i).ToArray());
        for (uint period = 1; period <= 20; period++)
            for (var i = 0; i < 10; i++)
                stream.Copy(2, period, 64 - i);
        stream.Literal([9]);

        Decode(stream.ToArray(), stream.Written).Should().Equal(stream.Expected);
    }

    [Fact]
    public void Decompress_EmptyBlock_WritesNothing()
    {
        SnappyBlock.Decompress([0], []);
        SnappyBlock.DeclaredLength([0]).Should().Be(0);
    }

    [Fact]
    public void DeclaredLength_FiveByteVarint_ReadsUpTo31Bits()
    {
        SnappyBlock.DeclaredLength([0xFF, 0xFF, 0xFF, 0xFF, 0x07]).Should().Be(int.MaxValue);
        SnappyBlock.DeclaredLength([0x80, 0x80, 0x04]).Should().Be(1 << 16);
    }

    /// <summary>
    /// Snappier 1.3.1 masks a 4-byte literal length with <c>~(0xffffffff &lt;&lt; 32)</c> where the CPU has
    /// no BMI2 (the shift count wraps to 0), so it misreads such a literal there (as 1 byte long);
    /// its own compressor never writes that form. Comparisons with it skip the form then.
    /// </summary>
    internal static bool SnappierReadsFourByteLiteralLengths => System.Runtime.Intrinsics.X86.Bmi2.IsSupported;

    /// <summary>Decodes into a target with 64 guard bytes each side; the guards must be unchanged.</summary>
    internal static byte[] Decode(byte[] block, int length)
    {
        const int Guard = 64;
        var buffer = Filled(length + 2 * Guard, 0xCD);
        SnappyBlock.Decompress(block, buffer.AsSpan(Guard, length));
        buffer.AsSpan(0, Guard).ToArray().Should().OnlyContain(b => b == 0xCD, "nothing is written before the target");
        buffer.AsSpan(Guard + length).ToArray().Should().OnlyContain(b => b == 0xCD, "nothing is written after the target");
        return buffer.AsSpan(Guard, length).ToArray();
    }

    internal static byte[] Filled(int length, byte value)
    {
        var bytes = new byte[length];
        bytes.AsSpan().Fill(value);
        return bytes;
    }

    internal static byte[] Generate(string kind, int length, Random random)
    {
        var bytes = new byte[length];
        switch (kind)
        {
            case "random":
                random.NextBytes(bytes);
                break;
            case "runs":
                for (var i = 0; i < length;)
                {
                    var run = Math.Min(length - i, random.Next(1, 300));
                    bytes.AsSpan(i, run).Fill((byte)random.Next(4));
                    i += run;
                }
                break;
            case "periodic":
                // Each stretch repeats a period of 1..70 bytes, with a rare changed byte.
                for (var i = 0; i < length;)
                {
                    var period = new byte[random.Next(1, 71)];
                    random.NextBytes(period);
                    var end = Math.Min(length, i + random.Next(100, 5000));
                    for (; i < end; i++) bytes[i] = random.Next(500) == 0 ? (byte)random.Next(256) : period[i % period.Length];
                }
                break;
            case "text":
                Text(random).AsSpan(0, length).CopyTo(bytes);
                break;
            default:
                for (var i = 0; i < length;)
                {
                    var part = Math.Min(length - i, random.Next(1, 3000));
                    var kinds = new[] { "random", "runs", "periodic", "text" };
                    Generate(kinds[random.Next(kinds.Length)], part, random).CopyTo(bytes, i);
                    i += part;
                }
                break;
        }
        return bytes;

        byte[] Text(Random r)
        {
            // Parquet PLAIN byte arrays: a 4-byte length, then words from a small vocabulary.
            string[] words = ["the", "data", "row", "column", "of", "and", "prepared", "quality", "a", "to", "parquet", "snappy", "page"];
            var text = new MemoryStream();
            while (text.Length < length)
            {
                var value = string.Join(' ', Enumerable.Range(0, r.Next(1, 12)).Select(_ => words[r.Next(words.Length)]));
                text.Write(BitConverter.GetBytes(value.Length));
                text.Write(Encoding.UTF8.GetBytes(value));
            }
            return text.ToArray();
        }
    }
}
