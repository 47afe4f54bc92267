using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO.Batches;

namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// Fixed-width values: Parquet's little-endian <typeparamref name="TIn"/> (INT32, INT64, FLOAT,
/// DOUBLE) converted by <typeparamref name="TConvert"/> into the Arrow value buffer. Null slots stay
/// zero, as the Parquet.Net path leaves them.
/// </summary>
/// <param name="rows">Rows of this builder's array.</param>
/// <param name="firstRow">The chunk row its first row is.</param>
/// <param name="arrays">Where the value buffer comes from (the array is then a slice of it); null: a new array.</param>
internal sealed class FixedColumnBuilder<TIn, TOut, TConvert>(IArrowType type, int rows, int firstRow = 0, Data.ArrayRecycler? arrays = null) : IColumnBuilder
    where TIn : unmanaged
    where TOut : unmanaged
    where TConvert : struct, IValueConversion<TIn, TOut>
{
    private readonly byte[] _values = arrays?.RentZeroed(rows * Unsafe.SizeOf<TOut>()) ?? new byte[rows * Unsafe.SizeOf<TOut>()];
    private TIn[]? _dictionary;

    public bool HasDictionary => _dictionary is not null;

    private Span<TOut> Target(int rowStart, int count) => MemoryMarshal.Cast<byte, TOut>(_values.AsSpan()).Slice(rowStart - firstRow, count);

    public void SetDictionary(ReadOnlySpan<byte> plain, int count)
    {
        var size = Unsafe.SizeOf<TIn>();
        if ((long)count * size > plain.Length)
            throw new InvalidDataException($"dictionary page holds {plain.Length} bytes, too few for {count} values of {size} bytes");
        _dictionary = MemoryMarshal.Cast<byte, TIn>(plain)[..count].ToArray();
    }

    public void ShareDictionary(IColumnBuilder other) => _dictionary = ((FixedColumnBuilder<TIn, TOut, TConvert>)other)._dictionary;

    public int AddPlain(ReadOnlySpan<byte> values, int rowStart, int rows, int present, ReadOnlySpan<byte> validity)
    {
        var size = Unsafe.SizeOf<TIn>();
        if ((long)present * size > values.Length)
            throw new InvalidDataException($"data page holds {values.Length} value bytes, too few for {present} values of {size} bytes");
        Store(MemoryMarshal.Cast<byte, TIn>(values)[..present], Target(rowStart, rows), validity, rowStart, present == rows);
        return present * size;
    }

    public void AddIndices(ReadOnlySpan<int> indices, int rowStart, int rows, ReadOnlySpan<byte> validity)
    {
        var dictionary = _dictionary!;
        var dense = GC.AllocateUninitializedArray<TIn>(indices.Length);
        for (var i = 0; i < indices.Length; i++)
        {
            var index = indices[i];
            if ((uint)index >= (uint)dictionary.Length)
                throw new InvalidDataException($"dictionary index {index} is out of range (dictionary of {dictionary.Length} values)");
            dense[i] = dictionary[index];
        }
        Store(dense, Target(rowStart, rows), validity, rowStart, indices.Length == rows);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Store(ReadOnlySpan<TIn> dense, Span<TOut> target, ReadOnlySpan<byte> validity, int rowStart, bool full)
    {
        if (full)
        {
            if (typeof(TConvert) == typeof(SameValue<TIn>)) MemoryMarshal.AsBytes(dense).CopyTo(MemoryMarshal.AsBytes(target));
            else for (var i = 0; i < target.Length; i++) target[i] = TConvert.Convert(dense[i]);
            return;
        }
        for (int i = 0, v = 0; i < target.Length; i++)
        {
            var bit = rowStart + i;
            if ((validity[bit >> 3] >> (bit & 7) & 1) != 0) target[i] = TConvert.Convert(dense[v++]);
        }
    }

    public IArrowArray Build(byte[]? validity, int nullCount) => arrays is null
        ? ArrowArrays.Fixed(type, rows, _values, validity, nullCount)
        : ArrowArrays.Fixed(type, rows, _values.AsMemory(0, rows * Unsafe.SizeOf<TOut>()), validity, nullCount);
}
