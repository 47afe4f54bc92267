using DataPrep.IO.Parquet.Pages;

namespace DataPrep.Tests.IO.Parquet.Pages;

/// <summary>The varints of RLE run headers and Thrift compact fields, against the bytes the spec gives.</summary>
public sealed class Leb128Tests
{
    [Theory]
    [InlineData(0UL, new byte[] { 0x00 })]
    [InlineData(1UL, new byte[] { 0x01 })]
    [InlineData(127UL, new byte[] { 0x7F })]
    [InlineData(128UL, new byte[] { 0x80, 0x01 })]
    [InlineData(300UL, new byte[] { 0xAC, 0x02 })]
    [InlineData(624485UL, new byte[] { 0xE5, 0x8E, 0x26 })]
    [InlineData(ulong.MaxValue, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void WriteAndRead_SpecExamples_RoundTrip(ulong value, byte[] encoded)
    {
        var buffer = new byte[Leb128.MaxBytes + 3];
        Leb128.Write(buffer, value).Should().Be(encoded.Length);
        buffer.AsSpan(0, encoded.Length).ToArray().Should().Equal(encoded);

        // Read from the middle of a buffer: the position moves past the varint and no further.
        var data = new byte[] { 0xEE }.Concat(encoded).Concat(new byte[] { 0x05 }).ToArray();
        var position = 1;
        Leb128.Read(data, ref position, "test data", "truncated").Should().Be(value);
        position.Should().Be(1 + encoded.Length);
    }

    [Fact]
    public void Read_EndsInsideTheVarint_ThrowsTheCallersTruncatedMessage()
    {
        var position = 0;
        var read = () => Leb128.Read(new byte[] { 0x80, 0x80 }, ref position, "test data", "test data ends early");
        read.Should().Throw<InvalidDataException>().WithMessage("test data ends early");
    }

    [Fact]
    public void Read_LongerThanTenBytes_ThrowsNamingWhatHoldsIt()
    {
        var data = Enumerable.Repeat((byte)0x80, 11).Append((byte)0x01).ToArray();
        var position = 0;
        var read = () => Leb128.Read(data, ref position, "page header", "truncated");
        read.Should().Throw<InvalidDataException>().WithMessage("page header has a malformed varint*");
    }
}
