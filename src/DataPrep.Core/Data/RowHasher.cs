using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace DataPrep.Data;

/// <summary>
/// 128-bit XxHash of chosen columns per row, for exact duplicate detection. Each row's key values
/// are encoded into one buffer (a null marker, then fixed-width bytes or a length-prefixed byte
/// string) and hashed once. Floating point is canonicalised so that -0.0 equals 0.0 and all NaNs
/// are equal. List values are encoded as their element count and then each element in turn.
/// At 128 bits a collision among 10^10 rows has probability below 10^-18.
/// </summary>
/// <remarks>
/// <see cref="Hash"/> builds the encodings a block of rows at a time and a column at a time (each
/// row's size, then each column's bytes into every row's place, in a loop typed by the column that
/// reads the validity bitmap and value buffer directly), then hashes each row's bytes: about half
/// the time of encoding one value at a time (<c>hash-rows</c> benchmark). <see cref="HashRowByRow"/>
/// is the plain definition, one row and one value at a time. The two give the same bytes and so the
/// same hashes (tested), which matter beyond one run, e.g. for hash-based splits.
/// </remarks>
internal static class RowHasher
{
    private const int Block = 4096;

    /// <summary>Largest encoding buffer a thread keeps for its next batch.</summary>
    private const int KeptBuffer = 4 << 20;

    /// <summary>
    /// A thread's encoding buffer, kept from one batch to the next (a block's rows are a few hundred KB);
    /// one grown past <see cref="KeptBuffer"/> by long values is not kept (thread-pool threads live long).
    /// </summary>
    [ThreadStatic] private static byte[]? t_buffer;
    [ThreadStatic] private static int[]? t_starts;
    [ThreadStatic] private static int[]? t_cursors;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static UInt128[] Hash(RecordBatch batch, IReadOnlyList<int> columns)
    {
        var rows = batch.Length;
        var hashes = new UInt128[rows];
        var arrays = columns.Select(batch.Column).ToArray();
        var starts = t_starts ??= new int[Block + 1];
        var cursors = t_cursors ??= new int[Block];
        var buffer = t_buffer ?? [];
        for (var first = 0; first < rows; first += Block)
        {
            var count = Math.Min(Block, rows - first);
            // Each row's encoded size, then where each row starts in the block's buffer.
            System.Array.Clear(starts);
            foreach (var array in arrays) AddSizes(array, first, count, starts.AsSpan(1));
            for (var i = 0; i < count; i++) starts[i + 1] += starts[i];
            if (buffer.Length < starts[count])
            {
                buffer = new byte[Math.Max(starts[count], buffer.Length * 2)];
                t_buffer = buffer.Length <= KeptBuffer ? buffer : null;
            }
            starts.AsSpan(0, count).CopyTo(cursors);
            foreach (var array in arrays) Write(array, first, count, buffer, cursors);
            for (var i = 0; i < count; i++) hashes[first + i] = XxHash128.HashToUInt128(buffer.AsSpan(starts[i], starts[i + 1] - starts[i]));
        }
        return hashes;
    }

    /// <summary>The definition: each row's values encoded one at a time, then hashed.</summary>
    internal static UInt128[] HashRowByRow(RecordBatch batch, IReadOnlyList<int> columns)
    {
        var hashes = new UInt128[batch.Length];
        var arrays = columns.Select(batch.Column).ToArray();
        var buffer = new byte[256];
        for (var row = 0; row < batch.Length; row++)
        {
            var length = 0;
            foreach (var array in arrays) Encode(array, row, ref buffer, ref length);
            hashes[row] = XxHash128.HashToUInt128(buffer.AsSpan(0, length));
        }
        return hashes;
    }

    /// <summary>A column's validity bits (empty: no nulls); row <c>first + i</c> is bit <c>offset + i</c>.</summary>
    private static ReadOnlySpan<byte> Validity(IArrowArray array, int first, out int offset)
    {
        offset = array.Data.Offset + first;
        return IO.Batches.ArrowArrays.ValidityBits(array);
    }

    private static bool IsValid(ReadOnlySpan<byte> bits, int offset, int i) => bits.IsEmpty || BitUtility.GetBit(bits, offset + i);

    /// <summary>Adds each row's encoded size of one column to <paramref name="sizes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddSizes(IArrowArray array, int first, int count, Span<int> sizes)
    {
        var data = array.Data;
        var bits = Validity(array, first, out var offset);
        switch (data.DataType)
        {
            case StringType or BinaryType:
                var offsets = MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span).Slice(data.Offset + first, count + 1);
                for (var i = 0; i < count; i++) sizes[i] += IsValid(bits, offset, i) ? 5 + offsets[i + 1] - offsets[i] : 1;
                break;
            case ListType:
                for (var i = 0; i < count; i++) sizes[i] += SizeOf(array, first + i);
                break;
            case NullType:
                for (var i = 0; i < count; i++) sizes[i] += 1;
                break;
            default:
                var width = ValueWidth(data.DataType);
                for (var i = 0; i < count; i++) sizes[i] += IsValid(bits, offset, i) ? 1 + width : 1;
                break;
        }
    }

    /// <summary>Writes one column's encoding of each row at that row's cursor, and moves the cursor past it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Write(IArrowArray array, int first, int count, byte[] buffer, int[] cursors)
    {
        var data = array.Data;
        var bits = Validity(array, first, out var offset);
        switch (data.DataType)
        {
            case DoubleType:
                var doubles = MemoryMarshal.Cast<byte, double>(data.Buffers[1].Span).Slice(data.Offset + first, count);
                for (var i = 0; i < count; i++)
                {
                    ref var at = ref cursors[i];
                    if (!IsValid(bits, offset, i)) { buffer[at++] = 0; continue; }
                    buffer[at] = 1;
                    BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(at + 1, 8), Canonical(doubles[i]));
                    at += 9;
                }
                break;
            case StringType or BinaryType:
                var offsets = MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span).Slice(data.Offset + first, count + 1);
                var bytes = data.Buffers[2].Span;
                for (var i = 0; i < count; i++)
                {
                    ref var at = ref cursors[i];
                    if (!IsValid(bits, offset, i)) { buffer[at++] = 0; continue; }
                    var length = offsets[i + 1] - offsets[i];
                    buffer[at] = 1;
                    BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(at + 1, 4), length);
                    bytes.Slice(offsets[i], length).CopyTo(buffer.AsSpan(at + 5, length));
                    at += 5 + length;
                }
                break;
            case FixedWidthType fw when fw is not (BooleanType or FloatType):
                var width = fw.BitWidth / 8;
                var values = data.Buffers[1].Span.Slice((data.Offset + first) * width, count * width);
                for (var i = 0; i < count; i++)
                {
                    ref var at = ref cursors[i];
                    if (!IsValid(bits, offset, i)) { buffer[at++] = 0; continue; }
                    buffer[at] = 1;
                    values.Slice(i * width, width).CopyTo(buffer.AsSpan(at + 1, width));
                    at += 1 + width;
                }
                break;
            default:
                // Booleans, floats, lists and all-null columns: one value at a time, as the definition
                // does, into the space sized for it (so the buffer is never replaced).
                for (var i = 0; i < count; i++)
                {
                    var length = cursors[i];
                    Encode(array, first + i, ref buffer, ref length);
                    cursors[i] = length;
                }
                break;
        }
    }

    /// <summary>Encoded size of a row's value (null marker included); for a list, with all its elements.</summary>
    private static int SizeOf(IArrowArray array, int row)
    {
        if (array.IsNull(row)) return 1;
        switch (array.Data.DataType)
        {
            case StringType or BinaryType:
                var offsets = MemoryMarshal.Cast<byte, int>(array.Data.Buffers[1].Span);
                return 5 + offsets[array.Data.Offset + row + 1] - offsets[array.Data.Offset + row];
            case ListType:
                var list = (ListArray)array;
                var size = 5;
                for (var e = list.ValueOffsets[row]; e < list.ValueOffsets[row + 1]; e++) size += SizeOf(list.Values, e);
                return size;
            default:
                return 1 + ValueWidth(array.Data.DataType);
        }
    }

    private static int ValueWidth(IArrowType type) => type switch
    {
        BooleanType => 1,
        FixedWidthType fw => fw.BitWidth / 8,
        _ => throw new NotSupportedException($"column type {type.Name} cannot be hashed"),
    };

    private static void Encode(IArrowArray array, int row, ref byte[] buffer, ref int length)
    {
        var data = array.Data;
        if (array.IsNull(row))
        {
            Ensure(ref buffer, length + 1);
            buffer[length++] = 0;
            return;
        }
        switch (data.DataType)
        {
            case StringType or BinaryType:
                var offsets = MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span);
                var start = offsets[data.Offset + row];
                var count = offsets[data.Offset + row + 1] - start;
                Ensure(ref buffer, length + 5 + count);
                buffer[length++] = 1;
                BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(length), count);
                length += 4;
                data.Buffers[2].Span.Slice(start, count).CopyTo(buffer.AsSpan(length));
                length += count;
                break;
            case BooleanType:
                Ensure(ref buffer, length + 2);
                buffer[length++] = 1;
                buffer[length++] = BitUtility.GetBit(data.Buffers[1].Span, data.Offset + row) ? (byte)1 : (byte)0;
                break;
            case DoubleType:
                Ensure(ref buffer, length + 9);
                buffer[length++] = 1;
                BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(length), Canonical(((DoubleArray)array).Values[row]));
                length += 8;
                break;
            case FloatType:
                Ensure(ref buffer, length + 5);
                buffer[length++] = 1;
                BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(length), (float)Canonical(((FloatArray)array).Values[row]));
                length += 4;
                break;
            case ListType:
                // The element count, then each element as a value of its own (null marker and bytes),
                // so lists of different lengths or with nulls in different places never encode alike.
                var list = (ListArray)array;
                var first = list.ValueOffsets[row];
                var end = list.ValueOffsets[row + 1];
                Ensure(ref buffer, length + 5);
                buffer[length++] = 1;
                BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(length), end - first);
                length += 4;
                for (var e = first; e < end; e++) Encode(list.Values, e, ref buffer, ref length);
                break;
            case FixedWidthType fw:
                var width = fw.BitWidth / 8;
                Ensure(ref buffer, length + 1 + width);
                buffer[length++] = 1;
                data.Buffers[1].Span.Slice((data.Offset + row) * width, width).CopyTo(buffer.AsSpan(length));
                length += width;
                break;
            default:
                throw new NotSupportedException($"column type {data.DataType.Name} cannot be hashed");
        }
    }

    private static double Canonical(double value) => double.IsNaN(value) ? double.NaN : value == 0 ? 0.0 : value;

    private static void Ensure(ref byte[] buffer, int size)
    {
        if (size > buffer.Length) System.Array.Resize(ref buffer, Math.Max(size, buffer.Length * 2));
    }
}
