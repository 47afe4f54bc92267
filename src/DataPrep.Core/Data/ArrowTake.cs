using System.Runtime.CompilerServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace DataPrep.Data;

/// <summary>
/// Builds a batch from chosen rows of another, in the given order (the "take" kernel that
/// Arrow C# lacks). Works on buffers: fixed-width values are copied by byte width, variable-width
/// values by offsets, list values by taking their elements from the child array (so lists of
/// lists work too), validity bits rebuilt.
/// </summary>
internal static class ArrowTake
{
    /// <param name="recycler">Where the value and offset buffers' arrays come from; null for new arrays.</param>
    public static RecordBatch Take(RecordBatch batch, ReadOnlySpan<int> rows, ArrayRecycler? recycler = null)
    {
        var arrays = new IArrowArray[batch.ColumnCount];
        for (var c = 0; c < arrays.Length; c++) arrays[c] = Take(batch.Column(c), rows, recycler);
        return new RecordBatch(batch.Schema, arrays, rows.Length);
    }

    public static IArrowArray Take(IArrowArray array, ReadOnlySpan<int> rows, ArrayRecycler? recycler = null)
    {
        var data = array.Data;
        var (validity, nulls) = TakeValidity(array, rows);
        ArrayData result = data.DataType switch
        {
            BooleanType => new ArrayData(data.DataType, rows.Length, nulls, 0, [validity, TakeBits(data, rows)]),
            StringType or BinaryType => TakeVariable(data, rows, validity, nulls, recycler),
            ListType => TakeList(array, rows, validity, nulls),
            FixedWidthType fw => new ArrayData(data.DataType, rows.Length, nulls, 0, [validity, TakeFixed(data, fw.BitWidth / 8, rows, recycler)]),
            _ => throw new NotSupportedException($"column type {data.DataType.Name} is not supported by this step"),
        };
        return ArrowArrayFactory.BuildArray(result);
    }

    /// <summary>The row indexes of a mask's unset entries, i.e. the rows that stay.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] Kept(bool[] removed)
    {
        var count = 0;
        foreach (var r in removed) if (!r) count++;
        var kept = new int[count];
        var k = 0;
        for (var i = 0; i < removed.Length; i++) if (!removed[i]) kept[k++] = i;
        return kept;
    }

    private static (ArrowBuffer Validity, int Nulls) TakeValidity(IArrowArray array, ReadOnlySpan<int> rows)
    {
        if (array.NullCount == 0) return (ArrowBuffer.Empty, 0);
        var bits = TakeBitmap(array.Data.Buffers[0].Span, array.Data.Offset, rows, out var zeros);
        return zeros == 0 ? (ArrowBuffer.Empty, 0) : (new ArrowBuffer(bits), zeros);
    }

    /// <summary>The chosen rows' bits of a bitmap (validity or boolean values), a run of consecutive rows at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static byte[] TakeBitmap(ReadOnlySpan<byte> source, int offset, ReadOnlySpan<int> rows, out int zeros)
    {
        var bits = new DataPrep.IO.Batches.BitBuffer(rows.Length);
        for (var i = 0; i < rows.Length;)
        {
            var run = Run(rows, i);
            bits.AppendBits(source, offset + rows[i], run);
            i += run;
        }
        zeros = bits.ZeroCount;
        return bits.Detach(0);
    }

    /// <summary>An array for <paramref name="length"/> bytes the caller fills entirely: from the recycler, or new and not zeroed.</summary>
    private static byte[] Allocate(int length, ArrayRecycler? recycler) =>
        recycler?.Rent(length) ?? GC.AllocateUninitializedArray<byte>(length);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ArrowBuffer TakeFixed(ArrayData data, int width, ReadOnlySpan<int> rows, ArrayRecycler? recycler)
    {
        var source = data.Buffers[1].Span[(data.Offset * width)..];
        var bytes = Allocate(rows.Length * width, recycler);
        // Kept rows come in long ascending runs (a filter drops a few): copy each run at once.
        for (var i = 0; i < rows.Length;)
        {
            var run = Run(rows, i);
            source.Slice(rows[i] * width, run * width).CopyTo(bytes.AsSpan(i * width));
            i += run;
        }
        return new ArrowBuffer(bytes.AsMemory(0, rows.Length * width));
    }

    /// <summary>Length of the run of consecutive row indexes starting at <paramref name="i"/>.</summary>
    internal static int Run(ReadOnlySpan<int> rows, int i)
    {
        var end = i + 1;
        while (end < rows.Length && rows[end] == rows[end - 1] + 1) end++;
        return end - i;
    }

    private static ArrowBuffer TakeBits(ArrayData data, ReadOnlySpan<int> rows) =>
        new(TakeBitmap(data.Buffers[1].Span, data.Offset, rows, out _));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ArrayData TakeVariable(ArrayData data, ReadOnlySpan<int> rows, ArrowBuffer validity, int nulls, ArrayRecycler? recycler)
    {
        var offsets = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span)[data.Offset..];
        var values = data.Buffers[2].Span;
        long total = 0;
        foreach (var r in rows) total += offsets[r + 1] - offsets[r];
        if (total > int.MaxValue) throw new InvalidOperationException("string column exceeds 2 GiB in one batch; lower execution.batch_size");

        var offsetBytes = (rows.Length + 1) * sizeof(int);
        var newOffsets = Allocate(offsetBytes, recycler);
        var target = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(newOffsets.AsSpan(0, offsetBytes));
        target[0] = 0;
        var newValues = Allocate((int)total, recycler);
        var position = 0;
        for (var i = 0; i < rows.Length;)
        {
            // A run of consecutive rows is one byte range; its offsets shift by a constant.
            var run = Run(rows, i);
            var start = offsets[rows[i]];
            var end = offsets[rows[i] + run];
            values[start..end].CopyTo(newValues.AsSpan(position));
            var shift = position - start;
            for (var k = 1; k <= run; k++) target[i + k] = offsets[rows[i] + k] + shift;
            position += end - start;
            i += run;
        }
        return new ArrayData(data.DataType, rows.Length, nulls, 0,
            [validity, new ArrowBuffer(newOffsets.AsMemory(0, offsetBytes)), new ArrowBuffer(newValues.AsMemory(0, (int)total))]);
    }

    private static ArrayData TakeList(IArrowArray array, ReadOnlySpan<int> rows, ArrowBuffer validity, int nulls)
    {
        var data = array.Data;
        var offsets = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span)[data.Offset..];
        long total = 0;
        foreach (var r in rows) if (array.IsValid(r)) total += offsets[r + 1] - offsets[r];
        if (total > int.MaxValue) throw new InvalidOperationException("list column holds more than 2^31 elements in one batch; lower execution.batch_size");

        var newOffsets = new byte[(rows.Length + 1) * sizeof(int)];
        var target = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(newOffsets.AsSpan());
        var elements = new int[total];
        var position = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            // A null list keeps none of the elements its offsets may span.
            if (array.IsValid(rows[i]))
                for (var e = offsets[rows[i]]; e < offsets[rows[i] + 1]; e++) elements[position++] = e;
            target[i + 1] = position;
        }
        var values = Take(ArrowArrayFactory.BuildArray(data.Children[0]), elements);
        return new ArrayData(data.DataType, rows.Length, nulls, 0, [validity, new ArrowBuffer(newOffsets)], [values.Data]);
    }
}
