using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// Decodes Parquet's RLE / bit-packed hybrid encoding (definition levels, dictionary indices,
/// RLE booleans). A run header is a ULEB128 varint: low bit 0 = an RLE run of <c>header &gt;&gt; 1</c>
/// copies of one value stored in ceil(width / 8) little-endian bytes; low bit 1 = <c>header &gt;&gt; 1</c>
/// groups of 8 values bit-packed LSB first. The last bit-packed group may be padded past the values
/// wanted; the padding is ignored. Input that ends before all values are decoded throws.
/// </summary>
internal static class RleBitPackedDecoder
{
    /// <summary>Fills <paramref name="values"/> with values of <paramref name="bitWidth"/> bits (0–32).</summary>
    public static void Decode(ReadOnlySpan<byte> data, int bitWidth, Span<int> values)
    {
        if (bitWidth is < 0 or > 32) throw new InvalidDataException($"RLE bit width {bitWidth} is out of range");
        var byteWidth = (bitWidth + 7) / 8;
        var pos = 0;
        var done = 0;
        while (done < values.Length)
        {
            var header = ReadVarint(data, ref pos);
            var count = (int)Math.Min(header >> 1, int.MaxValue);
            if ((header & 1) == 0)
            {
                if (count == 0 || byteWidth > data.Length - pos) throw Truncated();
                var value = 0;
                for (var b = 0; b < byteWidth; b++) value |= data[pos + b] << (8 * b);
                pos += byteWidth;
                var n = Math.Min(count, values.Length - done);
                values.Slice(done, n).Fill(value);
                done += n;
            }
            else
            {
                var groups = count;
                if (groups == 0 || (long)groups * bitWidth > data.Length - pos) throw Truncated();
                var n = (int)Math.Min((long)groups * 8, values.Length - done);
                Unpack(data.Slice(pos, groups * bitWidth), bitWidth, values.Slice(done, n));
                pos += groups * bitWidth;
                done += n;
            }
        }
    }

    /// <summary>
    /// Decodes <paramref name="count"/> bit-width-1 values (definition levels of a column with max
    /// level 1) straight into a validity bitmap at bit <paramref name="bitOffset"/>; returns how many are 1.
    /// Bits for zeros must already be clear.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int DecodeBits(ReadOnlySpan<byte> data, Span<byte> bitmap, int bitOffset, int count)
    {
        var pos = 0;
        var done = 0;
        var ones = 0;
        while (done < count)
        {
            var header = ReadVarint(data, ref pos);
            var runLength = (int)Math.Min(header >> 1, int.MaxValue);
            if ((header & 1) == 0)
            {
                if (runLength == 0 || pos >= data.Length) throw Truncated();
                var value = data[pos++];
                if (value > 1) throw new InvalidDataException($"definition level {value} is above the column's maximum of 1");
                var n = Math.Min(runLength, count - done);
                if (value == 1)
                {
                    SetRange(bitmap, bitOffset + done, n);
                    ones += n;
                }
                done += n;
            }
            else
            {
                if (runLength == 0 || runLength > data.Length - pos) throw Truncated();
                var n = (int)Math.Min((long)runLength * 8, count - done);
                var packed = data.Slice(pos, runLength);
                for (var i = 0; i < n; i++)
                {
                    if ((packed[i >> 3] >> (i & 7) & 1) == 0) continue;
                    var bit = bitOffset + done + i;
                    bitmap[bit >> 3] |= (byte)(1 << (bit & 7));
                    ones++;
                }
                pos += runLength;
                done += n;
            }
        }
        return ones;
    }

    private static void SetRange(Span<byte> bitmap, int start, int count)
    {
        var end = start + count;
        var i = start;
        for (; i < end && (i & 7) != 0; i++) bitmap[i >> 3] |= (byte)(1 << (i & 7));
        var wholeBytes = (end - i) >> 3;
        bitmap.Slice(i >> 3, wholeBytes).Fill(0xFF);
        i += wholeBytes << 3;
        for (; i < end; i++) bitmap[i >> 3] |= (byte)(1 << (i & 7));
    }

    private static void Unpack(ReadOnlySpan<byte> packed, int bitWidth, Span<int> values)
    {
        if (bitWidth == 0)
        {
            values.Clear();
            return;
        }
        var mask = bitWidth == 32 ? ulong.MaxValue >> 32 : (1UL << bitWidth) - 1;
        var bit = 0L;
        for (var i = 0; i < values.Length; i++, bit += bitWidth)
        {
            var at = (int)(bit >> 3);
            var shift = (int)(bit & 7);
            // Eight bytes hold any value of up to 32 bits plus its 7-bit offset; near the end,
            // gather the remaining bytes one by one.
            ulong word;
            if (at + 8 <= packed.Length) word = BinaryPrimitives.ReadUInt64LittleEndian(packed[at..]);
            else
            {
                word = 0;
                for (var b = 0; at + b < packed.Length && b < 8; b++) word |= (ulong)packed[at + b] << (8 * b);
            }
            values[i] = (int)((word >> shift) & mask);
        }
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int pos) =>
        Leb128.Read(data, ref pos, "RLE/bit-packed run header", TruncatedMessage);

    private const string TruncatedMessage = "RLE/bit-packed data ends before all its values (levels or dictionary indices)";

    private static InvalidDataException Truncated() => new(TruncatedMessage);
}
