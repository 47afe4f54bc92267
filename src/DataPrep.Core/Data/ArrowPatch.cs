using Apache.Arrow;
using Apache.Arrow.Types;

namespace DataPrep.Data;

/// <summary>
/// A copy of an array with a few values replaced. Fixed-width columns copy their buffers once and
/// patch the replaced slots; variable-width ones are rebuilt value by value.
/// </summary>
internal static class ArrowPatch
{
    public static IArrowArray Replace(IArrowArray array, IReadOnlyDictionary<int, object?> replacements)
    {
        var data = array.Data;
        if (data.DataType is not FixedWidthType fw || data.DataType is BooleanType)
        {
            var values = new object?[array.Length];
            for (var i = 0; i < values.Length; i++)
                values[i] = replacements.TryGetValue(i, out var v) ? v : ArrowValues.Get(array, i);
            return ArrowBuild.FromValues(data.DataType, values);
        }

        var width = fw.BitWidth / 8;
        var bytes = data.Buffers[1].Span.Slice(data.Offset * width, array.Length * width).ToArray();
        var validity = new byte[(array.Length + 7) / 8];
        for (var i = 0; i < array.Length; i++) if (array.IsValid(i)) validity[i >> 3] |= (byte)(1 << (i & 7));
        foreach (var (row, value) in replacements)
        {
            if (value is null)
            {
                validity[row >> 3] &= (byte)~(1 << (row & 7));
                continue;
            }
            // The replacement's bytes, laid out as the column stores them.
            var one = ArrowBuild.FromValues(data.DataType, [value]).Data;
            one.Buffers[1].Span.Slice(one.Offset * width, width).CopyTo(bytes.AsSpan(row * width, width));
            validity[row >> 3] |= (byte)(1 << (row & 7));
        }
        var nulls = 0;
        for (var i = 0; i < array.Length; i++) if ((validity[i >> 3] & (1 << (i & 7))) == 0) nulls++;
        return ArrowArrayFactory.BuildArray(new ArrayData(data.DataType, array.Length, nulls, 0,
            [nulls == 0 ? ArrowBuffer.Empty : new ArrowBuffer(validity), new ArrowBuffer(bytes)]));
    }
}
