using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;

namespace DataPrep.Steps.Rebalance;

/// <summary>Column helpers for made rows: which types can be features, and rebuilding a column with some values replaced.</summary>
internal static class RebalanceColumns
{
    public static bool IsFeatureType(IArrowType type) => type.TypeId is ArrowTypeId.Double or ArrowTypeId.Float
        or ArrowTypeId.Int8 or ArrowTypeId.Int16 or ArrowTypeId.Int32 or ArrowTypeId.Int64
        or ArrowTypeId.UInt8 or ArrowTypeId.UInt16 or ArrowTypeId.UInt32 or ArrowTypeId.UInt64;

    /// <summary>
    /// The column with the values at <paramref name="rows"/> replaced (NaN stands for null). Floating
    /// point is written into a copy of the buffer; integer features are rounded (half away from zero)
    /// and clamped to the type, through the slower per-value path.
    /// </summary>
    public static IArrowArray ReplaceNumeric(IArrowArray array, IReadOnlyList<int> rows, IReadOnlyList<double> values)
    {
        if (array is DoubleArray or FloatArray)
        {
            var length = array.Length;
            var isDouble = array is DoubleArray;
            var validity = new ArrowBuffer.BitmapBuilder(length);
            for (var i = 0; i < length; i++) validity.Append(array.IsValid(i));
            if (isDouble)
            {
                var copy = ((DoubleArray)array).Values.ToArray();
                for (var k = 0; k < rows.Count; k++) { copy[rows[k]] = values[k]; validity.Set(rows[k], !double.IsNaN(values[k])); }
                return Build(DoubleType.Default, length, validity, new ArrowBuffer(System.Runtime.InteropServices.MemoryMarshal.AsBytes(copy.AsSpan()).ToArray()));
            }
            var floats = ((FloatArray)array).Values.ToArray();
            for (var k = 0; k < rows.Count; k++) { floats[rows[k]] = (float)values[k]; validity.Set(rows[k], !double.IsNaN(values[k])); }
            return Build(FloatType.Default, length, validity, new ArrowBuffer(System.Runtime.InteropServices.MemoryMarshal.AsBytes(floats.AsSpan()).ToArray()));
        }
        var boxed = new object?[array.Length];
        for (var i = 0; i < boxed.Length; i++) boxed[i] = ArrowValues.Get(array, i);
        var (min, max) = Limits(array.Data.DataType);
        for (var k = 0; k < rows.Count; k++)
        {
            var v = values[k];
            boxed[rows[k]] = double.IsNaN(v) ? null
                : array.Data.DataType.TypeId == ArrowTypeId.UInt64 ? (object)(ulong)Math.Clamp(Math.Round(v, MidpointRounding.AwayFromZero), min, max)
                : (long)Math.Clamp(Math.Round(v, MidpointRounding.AwayFromZero), min, max);
        }
        return ArrowBuild.FromValues(array.Data.DataType, boxed);
    }

    /// <summary>The column with the values at <paramref name="rows"/> replaced by CLR values (categorical features).</summary>
    public static IArrowArray ReplaceValues(IArrowArray array, IReadOnlyList<int> rows, IReadOnlyList<object?> values)
    {
        var boxed = new object?[array.Length];
        for (var i = 0; i < boxed.Length; i++) boxed[i] = ArrowValues.Get(array, i);
        for (var k = 0; k < rows.Count; k++) boxed[rows[k]] = values[k];
        return ArrowBuild.FromValues(array.Data.DataType, boxed);
    }

    private static IArrowArray Build(IArrowType type, int length, ArrowBuffer.BitmapBuilder validity, ArrowBuffer values)
    {
        var nulls = validity.UnsetBitCount;
        return ArrowArrayFactory.BuildArray(new ArrayData(type, length, nulls, 0, [nulls == 0 ? ArrowBuffer.Empty : validity.Build(), values]));
    }

    private static (double Min, double Max) Limits(IArrowType type) => type.TypeId switch
    {
        ArrowTypeId.Int8 => (sbyte.MinValue, sbyte.MaxValue),
        ArrowTypeId.Int16 => (short.MinValue, short.MaxValue),
        ArrowTypeId.Int32 => (int.MinValue, int.MaxValue),
        ArrowTypeId.UInt8 => (0, byte.MaxValue),
        ArrowTypeId.UInt16 => (0, ushort.MaxValue),
        ArrowTypeId.UInt32 => (0, uint.MaxValue),
        ArrowTypeId.UInt64 => (0, ulong.MaxValue),
        _ => (long.MinValue, long.MaxValue),
    };
}
