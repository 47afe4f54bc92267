using System.Runtime.CompilerServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;

namespace DataPrep.Steps.Shared;

/// <summary>
/// Reads a numeric-like column into doubles straight from its Arrow buffers: integers, floats and
/// decimals as numbers, dates as days since the epoch, timestamps in their stored unit. A value is
/// missing when null, or NaN unless <c>nanIsMissing</c> is false.
/// </summary>
internal static class NumericColumn
{
    public static bool IsSupported(IArrowType type) =>
        ColumnTypes.IsNumeric(type) && type is not Decimal256Type and not HalfFloatType || type is Date32Type or TimestampType;

    /// <summary>Fills <paramref name="values"/> and <paramref name="present"/> (one per row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Read(IArrowArray array, Span<double> values, Span<bool> present, bool nanIsMissing)
    {
        var n = array.Length;
        if (array is DoubleArray or FloatArray or Int64Array or Int32Array or Date32Array or TimestampArray) NumberReader.Read(array, values);
        else
        {
            for (var i = 0; i < n; i++) values[i] = ArrowValues.TryGetDouble(array, i, out var v) ? v : 0;
        }
        new Validity(array).Expand(present[..n], valid: true);
        if (!nanIsMissing || array is not (DoubleArray or FloatArray)) return;
        for (var i = 0; i < n; i++) if (double.IsNaN(values[i])) present[i] = false;
    }

    /// <summary>A float64 column from values and validity.</summary>
    public static DoubleArray Build(ReadOnlySpan<double> values, ReadOnlySpan<bool> valid)
    {
        var n = values.Length;
        var data = new byte[n * sizeof(double)];
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).CopyTo(data);
        var nulls = 0;
        byte[]? bitmap = null;
        for (var i = 0; i < n; i++)
        {
            if (valid[i]) continue;
            if (bitmap is null)
            {
                bitmap = new byte[(n + 7) / 8];
                bitmap.AsSpan().Fill(0xFF);
            }
            bitmap[i >> 3] &= (byte)~(1 << (i & 7));
            nulls++;
        }
        var validity = bitmap is null ? ArrowBuffer.Empty : new ArrowBuffer(bitmap);
        return new DoubleArray(new ArrayData(DoubleType.Default, n, nulls, 0, [validity, new ArrowBuffer(data)]));
    }

    /// <summary>A non-null boolean column.</summary>
    public static BooleanArray BuildFlags(ReadOnlySpan<bool> flags)
    {
        var bits = new byte[(flags.Length + 7) / 8];
        for (var i = 0; i < flags.Length; i++) if (flags[i]) bits[i >> 3] |= (byte)(1 << (i & 7));
        return new BooleanArray(new ArrayData(BooleanType.Default, flags.Length, 0, 0, [ArrowBuffer.Empty, new ArrowBuffer(bits)]));
    }
}
