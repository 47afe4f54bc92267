using DataPrep.IO.Parquet.Pages;
using Parquet.Meta;

namespace DataPrep.Tests.IO.Parquet.Pages;

/// <summary>
/// Corrupt Snappy blocks give an <see cref="InvalidDataException"/> (never another exception, never
/// a write outside the target), or, for a corruption that still decodes, exactly Snappier's bytes.
/// </summary>
public sealed class SnappyBlockCorruptionTests
{
    public static TheoryData<string> Blocks() => ["text", "mixed", "periodic", "hand-made"];

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Decompress_EveryTruncation_InvalidData(string kind)
    {
        var (block, length) = Valid(kind);
        for (var cut = 0; cut < block.Length; cut++)
        {
            var truncated = block[..cut];
            var act = () => SnappyBlockTests.Decode(truncated, length);
            act.Should().ThrowExactly<InvalidDataException>($"cut at {cut} of {block.Length}");
        }
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Decompress_RandomByteChanges_InvalidDataOrSnappiersBytes(string kind)
    {
        var (block, length) = Valid(kind);
        var original = SnappyBlockTests.Decode(block, length);
        var snappierOriginal = new byte[length];
        Snappier.Snappy.Decompress(block, snappierOriginal).Should().Be(length);
        original.Should().Equal(snappierOriginal);
        var random = new Random(kind.Length);
        int decoded = 0, rejected = 0;
        for (var trial = 0; trial < 3000; trial++)
        {
            var changed = (byte[])block.Clone();
            for (var n = random.Next(1, 4); n > 0; n--) changed[random.Next(changed.Length)] = (byte)random.Next(256);
            byte[] ours;
            try
            {
                ours = SnappyBlockTests.Decode(changed, length);
            }
            catch (InvalidDataException)
            {
                rejected++;
                continue;
            }
            var snappier = new byte[length];
            Snappier.Snappy.Decompress(changed, snappier).Should().Be(length, $"trial {trial}: Snappier decodes what we decode");
            ours.Should().Equal(snappier, $"trial {trial}");
            decoded++;
        }
        // Both outcomes happen: a changed literal byte still decodes, a changed tag mostly does not.
        decoded.Should().BePositive();
        rejected.Should().BePositive();
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(4, 0)]
    [InlineData(1, 100)]
    [InlineData(2, 100)]
    [InlineData(4, 100)]
    public void Decompress_OffsetZeroOrBeforeTheStart_InvalidData(int offsetBytes, int tail)
    {
        foreach (var offset in new uint[] { 0, 9, 10, 2047, uint.MaxValue })
        {
            if (offsetBytes == 1 && offset > 2047 || offsetBytes == 2 && offset > 65_535) continue;
            // 8 bytes written when the copy comes, so offset 9 and beyond reach before the start.
            var stream = new SnappyStream().Literal([1, 2, 3, 4, 5, 6, 7, 8]).Copy(offsetBytes, offset, 4);
            if (tail > 0) stream.Literal(SnappyBlockTests.Filled(tail, 1));
            var length = stream.Written + 4;

            var act = () => SnappyBlockTests.Decode(stream.ToArray(length), length);

            act.Should().ThrowExactly<InvalidDataException>().WithMessage("*offset*", $"offset {offset}");
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void Decompress_DeclaredLengthDiffersFromTarget_InvalidData(int difference)
    {
        var block = SnappyStream.Compress(SnappyBlockTests.Generate("text", 1000, new Random(1)));

        var act = () => SnappyBlockTests.Decode(block, 1000 + difference);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*declares 1000 bytes*");
        var page = () => PageDecompressor.Decompress(CompressionCodec.SNAPPY, block, new byte[1000 + difference]);
        page.Should().ThrowExactly<InvalidDataException>().WithMessage($"SNAPPY page decompresses to 1000 bytes, not the {1000 + difference} its header declares");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void Decompress_ElementsPastTheDeclaredLength_InvalidData(int tail)
    {
        // The elements make 8 + tail + 4 bytes; declared one fewer, so the last one overruns.
        var literal = new SnappyStream().Literal(SnappyBlockTests.Filled(8 + tail, 7)).Literal([1, 2, 3, 4]);
        var copy = new SnappyStream().Literal(SnappyBlockTests.Filled(8 + tail, 7)).Copy(2, 8, 4);

        foreach (var stream in new[] { literal, copy })
        {
            var length = stream.Written - 1;
            var act = () => SnappyBlockTests.Decode(stream.ToArray(length), length);
            act.Should().ThrowExactly<InvalidDataException>().WithMessage("*past*");
        }
    }

    [Fact]
    public void Decompress_ElementsAfterADeclaredEmptyBlock_InvalidData()
    {
        // An empty target is a null pointer inside the decoder; the elements must not reach it
        // (short literals, which the fast path stores unchecked, and more input than its slop).
        var stream = new SnappyStream();
        for (var i = 0; i < 20; i++) stream.Literal(SnappyBlockTests.Filled(10, (byte)i));

        var act = () => SnappyBlockTests.Decode(stream.ToArray(0), 0);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*past*");
    }

    [Fact]
    public void Decompress_ElementsShortOfTheDeclaredLength_InvalidData()
    {
        var stream = new SnappyStream().Literal(SnappyBlockTests.Filled(100, 7));

        var act = () => SnappyBlockTests.Decode(stream.ToArray(101), 101);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("Snappy block ends after 100 of its 101 bytes");
    }

    [Theory]
    [InlineData(new byte[0], "*ends inside its length*")]
    [InlineData(new byte[] { 0x80 }, "*ends inside its length*")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 }, "*longer than 31 bits*")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x08 }, "*longer than 31 bits*")]
    public void DeclaredLength_BadVarint_InvalidData(byte[] block, string message)
    {
        var act = () => SnappyBlock.DeclaredLength(block);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage(message);
    }

    private static (byte[] Block, int Length) Valid(string kind)
    {
        if (kind != "hand-made")
        {
            var data = SnappyBlockTests.Generate(kind, 3000, new Random(3));
            return (SnappyStream.Compress(data), data.Length);
        }
        // Every element form, the longest literal-length forms included.
        var random = new Random(5);
        var head = new byte[2100];
        random.NextBytes(head);
        var stream = new SnappyStream().Literal(head).Literal(head[..61], 1).Literal(head[..70], 2).Literal(head[..5], 3)
            .Literal(head[..9], SnappyBlockTests.SnappierReadsFourByteLiteralLengths ? 4 : 3).Copy(1, 3, 11).Copy(2, 300, 64).Copy(4, 2, 20).Copy(1, 2047, 4).Literal(head[..20]).Copy(2, 17, 33);
        return (stream.ToArray(), stream.Written);
    }
}
