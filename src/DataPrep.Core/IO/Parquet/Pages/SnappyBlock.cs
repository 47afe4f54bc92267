using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// Decompresses one raw Snappy block (the format of Parquet's SNAPPY pages: a varint length, then
/// literal and copy elements) straight into the caller's span, without allocating. Snappier's
/// <c>Snappy.Decompress</c> decompresses into a pooled buffer of the whole page and copies it over,
/// which cost a second page-sized buffer per page. Corrupt input gives an
/// <see cref="InvalidDataException"/>; nothing outside the two spans is read or written.
/// </summary>
internal static unsafe class SnappyBlock
{
    // The fast loop runs while this much input and output remain, so that its elements need no
    // bounds checks beyond the offset and the long-literal length: a tag and a literal of at most
    // 60 bytes read as four 16-byte loads, or a tag and a 4-byte offset; a literal or copy of at
    // most 64 bytes written in 16-byte stores that may run 15 bytes past its end.
    private const int InputSlop = 1 + 64;
    private const int OutputSlop = 64 + 16;

    /// <summary>The uncompressed length a block declares (its leading varint).</summary>
    public static int DeclaredLength(ReadOnlySpan<byte> source) => ReadLength(source, out _);

    /// <summary>Decompresses <paramref name="source"/> into all of <paramref name="target"/>, whose length must be the declared one.</summary>
    public static void Decompress(ReadOnlySpan<byte> source, Span<byte> target)
    {
        var declared = ReadLength(source, out var start);
        if (declared != target.Length)
            throw new InvalidDataException($"Snappy block declares {declared} bytes, not the {target.Length} expected");
        fixed (byte* input = source)
        fixed (byte* output = target)
        {
            var written = Decode(input, input + start, input + source.Length, output, output + target.Length);
            if (written != target.Length)
                throw new InvalidDataException($"Snappy block ends after {written} of its {target.Length} bytes");
        }
    }

    private static int ReadLength(ReadOnlySpan<byte> source, out int consumed)
    {
        // Up to five 7-bit groups, low first; the value must fit in 31 bits (a .NET span's length).
        uint value = 0;
        for (var i = 0; i < 5; i++)
        {
            if (i == source.Length) throw new InvalidDataException("Snappy block ends inside its length");
            uint b = source[i];
            value |= (b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                if (i == 4 && b > 0x07) break;
                consumed = i + 1;
                return (int)value;
            }
        }
        throw new InvalidDataException("Snappy block's length is longer than 31 bits");
    }

    /// <summary>Decodes the elements; returns the number of bytes written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Decode(byte* origin, byte* ip, byte* ipEnd, byte* opStart, byte* opEnd)
    {
        var op = opStart;
        while (ipEnd - ip >= InputSlop && opEnd - op >= OutputSlop)
        {
            uint tag = *ip;
            if ((tag & 3) == 0)
            {
                nuint length = (tag >> 2) + 1;
                if (length <= 16)
                {
                    // Copies 16 bytes whatever the length; the extra ones are overwritten later.
                    Vector128.Store(Vector128.Load(ip + 1), op);
                    ip += length + 1;
                    op += length;
                    continue;
                }
                if (length > 60)
                {
                    // 1 to 4 little-endian bytes hold length - 1.
                    var extra = (int)length - 60;
                    var count = (ulong)(LoadUInt32(ip + 1) & (uint.MaxValue >> (32 - 8 * extra))) + 1;
                    ip += 1 + extra;
                    if (count > (ulong)(ipEnd - ip) || count > (ulong)(opEnd - op)) throw LiteralOverrun(origin, ip, count);
                    byte* from = ip, to = op;
                    ip += (nuint)count;
                    op += (nuint)count;
                    Unsafe.CopyBlockUnaligned(to, from, (uint)count);
                    continue;
                }
                // 17 to 60 bytes, which the slop covers: four 16-byte chunks at most.
                ip++;
                var end = op + length;
                for (byte* from = ip, to = op; to < end; from += 16, to += 16) Vector128.Store(Vector128.Load(from), to);
                ip += length;
                op = end;
                continue;
            }

            uint offset;
            nuint copied;
            switch (tag & 3)
            {
                case 1:
                    copied = ((tag >> 2) & 7) + 4;
                    offset = ((tag & 0xE0) << 3) | ip[1];
                    ip += 2;
                    break;
                case 2:
                    copied = (tag >> 2) + 1;
                    offset = LoadUInt32(ip + 1) & 0xFFFF;
                    ip += 3;
                    break;
                default:
                    copied = (tag >> 2) + 1;
                    offset = LoadUInt32(ip + 1);
                    ip += 5;
                    break;
            }
            // offset 0 wraps to uint.MaxValue, which no output length reaches.
            if (offset - 1 >= (uint)(op - opStart)) throw BadOffset(origin, ip, offset, op - opStart);
            CopyWithinFast(op, offset, copied);
            op += copied;
        }
        return (int)(DecodeTail(origin, ip, ipEnd, opStart, op, opEnd) - opStart);
    }

    /// <summary>
    /// Copies <paramref name="length"/> (at most 64) bytes from <paramref name="offset"/> bytes back;
    /// may read up to 63 bytes past the source's start and write up to 16 bytes past the end, which
    /// the caller's output slop allows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyWithinFast(byte* op, uint offset, nuint length)
    {
        var from = op - offset;
        if (offset >= length)
        {
            // The source ends where the copy starts at the latest: load all of it (up to 64 bytes,
            // the later lanes past the source are not kept), then store, so no load waits on a
            // store of this copy.
            var a = Vector128.Load(from);
            if (length <= 16)
            {
                Vector128.Store(a, op);
                return;
            }
            var b = Vector128.Load(from + 16);
            if (length <= 32)
            {
                Vector128.Store(a, op);
                Vector128.Store(b, op + 16);
                return;
            }
            var c = Vector128.Load(from + 32);
            var d = Vector128.Load(from + 48);
            Vector128.Store(a, op);
            Vector128.Store(b, op + 16);
            Vector128.Store(c, op + 32);
            Vector128.Store(d, op + 48);
            return;
        }
        var end = op + length;
        if (offset >= 16)
        {
            // Each 16-byte load ends at or before the start of its store, so it reads written bytes.
            do
            {
                Vector128.Store(Vector128.Load(from), op);
                from += 16;
                op += 16;
            }
            while (op < end);
        }
        else if (Ssse3.IsSupported)
        {
            // Offset below 16: the source overlaps the output. Build 16 bytes of the period from its
            // first `offset` bytes (lane i takes byte i mod offset) and store them at steps of the
            // largest multiple of the period that fits in 16 bytes, so every store starts in phase.
            // The load may take bytes past op, which are in the buffer (slop) and ignored by the shuffle.
            var pattern = Ssse3.Shuffle(Vector128.Load(from), Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(PatternLanes), offset * 16));
            nuint step = Unsafe.Add(ref MemoryMarshal.GetReference(PatternSteps), offset);
            do
            {
                Vector128.Store(pattern, op);
                op += step;
            }
            while (op < end);
        }
        else
        {
            // Without a byte shuffle: byte by byte, each byte reads one already written.
            for (; op < end; op++) *op = *(op - offset);
        }
    }

    /// <summary>The elements within the slop of either end, with every length checked.</summary>
    private static byte* DecodeTail(byte* origin, byte* ip, byte* ipEnd, byte* opStart, byte* op, byte* opEnd)
    {
        while (ip < ipEnd)
        {
            var at = ip;
            uint tag = *ip++;
            var kind = tag & 3;
            if (kind == 0)
            {
                ulong length = (tag >> 2) + 1;
                if (length > 60)
                {
                    var extra = (int)length - 60;
                    if (ipEnd - ip < extra) throw Truncated(origin, at);
                    length = 0;
                    for (var i = extra - 1; i >= 0; i--) length = (length << 8) | ip[i];
                    length++;
                    ip += extra;
                }
                if (length > (ulong)(ipEnd - ip) || length > (ulong)(opEnd - op)) throw LiteralOverrun(origin, ip, length);
                Unsafe.CopyBlockUnaligned(op, ip, (uint)length);
                ip += (nuint)length;
                op += (nuint)length;
                continue;
            }
            var bytes = kind == 1 ? 1 : kind == 2 ? 2 : 4;
            if (ipEnd - ip < bytes) throw Truncated(origin, at);
            uint offset = 0;
            for (var i = bytes - 1; i >= 0; i--) offset = (offset << 8) | ip[i];
            ip += bytes;
            uint copied;
            if (kind == 1)
            {
                copied = ((tag >> 2) & 7) + 4;
                offset |= (tag & 0xE0) << 3;
            }
            else
            {
                copied = (tag >> 2) + 1;
            }
            if (offset - 1 >= (uint)(op - opStart)) throw BadOffset(origin, ip, offset, op - opStart);
            if (copied > (ulong)(opEnd - op)) throw CopyOverrun(origin, ip, copied, opEnd - op);
            for (var end = op + copied; op < end; op++) *op = *(op - offset);
        }
        return op;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint LoadUInt32(byte* at)
    {
        var value = Unsafe.ReadUnaligned<uint>(at);
        return BitConverter.IsLittleEndian ? value : System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(value);
    }

    // Lane i of row o (1..15) is i mod o; row 0 is never used (offset 0 is rejected first).
    private static ReadOnlySpan<byte> PatternLanes =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1,
        0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0,
        0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3,
        0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0,
        0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 0, 1, 2, 3,
        0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1,
        0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2, 3, 4, 5, 6,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 1, 2, 3, 4,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0, 1, 2,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 0, 1,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0,
    ];

    // Row o's store step: 16 rounded down to a multiple of o.
    private static ReadOnlySpan<byte> PatternSteps => [16, 16, 16, 15, 16, 15, 12, 14, 16, 9, 10, 11, 12, 13, 14, 15];

    private static InvalidDataException Truncated(byte* origin, byte* tag) =>
        new($"Snappy block ends inside the element at byte {tag - origin}");

    private static InvalidDataException LiteralOverrun(byte* origin, byte* data, ulong length) =>
        new($"Snappy literal of {length} bytes at byte {data - origin} runs past the end of the block or of the declared length");

    private static InvalidDataException BadOffset(byte* origin, byte* next, uint offset, long written) =>
        new($"Snappy copy ending at byte {next - origin} has offset {offset}, but {written} bytes are written so far");

    private static InvalidDataException CopyOverrun(byte* origin, byte* next, uint length, long room) =>
        new($"Snappy copy of {length} bytes ending at byte {next - origin} runs past the declared length ({room} bytes left)");
}
