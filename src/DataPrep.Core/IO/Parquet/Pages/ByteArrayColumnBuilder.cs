using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO.Batches;

namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// BYTE_ARRAY values (strings as stored UTF-8, binary) into one Arrow offsets buffer and one data
/// buffer: no object per value. PLAIN values are a 4-byte little-endian length, then the bytes.
/// The data buffer is sized from the pages seen so far, extrapolated to the array's rows: exact when
/// one page holds all its rows (Parquet.Net writes a chunk as one PLAIN page), close for several;
/// trimmed once at the end otherwise.
/// </summary>
/// <param name="rows">Rows of this builder's array.</param>
/// <param name="firstRow">The chunk row its first row is.</param>
/// <param name="arrays">Where the offsets and data come from (then not trimmed: the array is a slice of them); null: new arrays.</param>
internal sealed class ByteArrayColumnBuilder(IArrowType type, int rows, int firstRow = 0, Data.ArrayRecycler? arrays = null) : IColumnBuilder
{
    private readonly byte[] _offsets = arrays?.RentZeroed((rows + 1) * 4) ?? new byte[(rows + 1) * 4];
    private byte[] _data = [];
    private int _size;
    private int[]? _dictionaryOffsets;
    private byte[]? _dictionaryData;

    public bool HasDictionary => _dictionaryOffsets is not null;

    private Span<int> Offsets => MemoryMarshal.Cast<byte, int>(_offsets.AsSpan());

    public void SetDictionary(ReadOnlySpan<byte> plain, int count)
    {
        var offsets = new int[count + 1];
        var data = new byte[plain.Length];
        var at = 0;
        var size = 0;
        for (var i = 0; i < count; i++)
        {
            var value = Next(plain, ref at, i);
            value.CopyTo(data.AsSpan(size));
            size += value.Length;
            offsets[i + 1] = size;
        }
        _dictionaryOffsets = offsets;
        _dictionaryData = data;
    }

    public void ShareDictionary(IColumnBuilder other)
    {
        var from = (ByteArrayColumnBuilder)other;
        (_dictionaryOffsets, _dictionaryData) = (from._dictionaryOffsets, from._dictionaryData);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int AddPlain(ReadOnlySpan<byte> values, int rowStart, int rows, int present, ReadOnlySpan<byte> validity)
    {
        // The values' extent first (each length checked), so the data buffer is taken at its size:
        // the span may go on with the page's values for the next array.
        var end = 0;
        for (var v = 0; v < present; v++) Next(values, ref end, v);
        Reserve(end - 4L * present, rowStart - firstRow + rows);
        var offsets = Offsets;
        var at = 0;
        for (var i = 0; i < rows; i++)
        {
            var row = rowStart + i;
            if (present == rows || (validity[row >> 3] >> (row & 7) & 1) != 0)
            {
                var length = BinaryPrimitives.ReadInt32LittleEndian(values[at..]);
                values.Slice(at + 4, length).CopyTo(_data.AsSpan(_size));
                at += 4 + length;
                _size += length;
            }
            offsets[row - firstRow + 1] = _size;
        }
        return end;
    }

    public void AddIndices(ReadOnlySpan<int> indices, int rowStart, int rows, ReadOnlySpan<byte> validity)
    {
        var dictionary = _dictionaryOffsets!;
        var count = dictionary.Length - 1;
        long needed = 0;
        foreach (var index in indices)
        {
            if ((uint)index >= (uint)count)
                throw new InvalidDataException($"dictionary index {index} is out of range (dictionary of {count} values)");
            needed += dictionary[index + 1] - dictionary[index];
        }
        Reserve(needed, rowStart - firstRow + rows);
        var data = _dictionaryData!;
        var offsets = Offsets;
        for (int i = 0, v = 0; i < rows; i++)
        {
            var row = rowStart + i;
            if (indices.Length == rows || (validity[row >> 3] >> (row & 7) & 1) != 0)
            {
                var index = indices[v++];
                var start = dictionary[index];
                var length = dictionary[index + 1] - start;
                data.AsSpan(start, length).CopyTo(_data.AsSpan(_size));
                _size += length;
            }
            offsets[row - firstRow + 1] = _size;
        }
    }

    public IArrowArray Build(byte[]? validity, int nullCount)
    {
        if (arrays is not null)
            return ArrowArrays.Variable(type, rows, _offsets.AsMemory(0, (rows + 1) * 4), _data.AsMemory(0, _size), validity, nullCount);
        // Exact-size data buffer, as the Parquet.Net path gives (writers copy whole buffers).
        var data = _size == _data.Length ? _data : _data.AsSpan(0, _size).ToArray();
        return ArrowArrays.Variable(type, rows, _offsets, data, validity, nullCount);
    }

    private void Reserve(long bytes, int rowsAfter)
    {
        var needed = _size + bytes;
        if (needed <= _data.Length) return;
        if (needed > System.Array.MaxLength) throw new InvalidDataException($"column chunk holds more than {System.Array.MaxLength} bytes of values, more than one Arrow array takes");
        var estimate = rowsAfter >= rows ? needed : (long)(needed * ((double)rows / Math.Max(rowsAfter, 1)));
        var length = (int)Math.Min(Math.Max(needed, estimate), System.Array.MaxLength);
        var grown = arrays?.Rent(length) ?? GC.AllocateUninitializedArray<byte>(length);
        _data.AsSpan(0, _size).CopyTo(grown);
        arrays?.Return(_data); // outgrown before anyone saw it
        _data = grown;
    }

    private static ReadOnlySpan<byte> Next(ReadOnlySpan<byte> values, ref int at, int index)
    {
        if (values.Length - at < 4) throw new InvalidDataException($"BYTE_ARRAY value {index} is truncated (no length)");
        var length = BinaryPrimitives.ReadInt32LittleEndian(values[at..]);
        if (length < 0 || length > values.Length - at - 4)
            throw new InvalidDataException($"BYTE_ARRAY value {index} has length {length}, past the end of its page");
        var value = values.Slice(at + 4, length);
        at += 4 + length;
        return value;
    }
}
