using Apache.Arrow;

namespace DataPrep.Data;

/// <summary>
/// Copies a numeric column's values into doubles, straight from the Arrow value buffers (null
/// slots get whatever the buffer holds; callers check validity). Dates become days since 1970,
/// timestamps their raw count of units.
/// </summary>
internal static class NumberReader
{
    public static void Read(IArrowArray array, Span<double> target)
    {
        switch (array)
        {
            case DoubleArray a: a.Values.CopyTo(target); break;
            case FloatArray a: Convert(a.Values, target); break;
            case Int64Array a: Convert(a.Values, target); break;
            case Int32Array a: Convert(a.Values, target); break;
            case Int16Array a: Convert(a.Values, target); break;
            case Int8Array a: Convert(a.Values, target); break;
            case UInt64Array a: Convert(a.Values, target); break;
            case UInt32Array a: Convert(a.Values, target); break;
            case UInt16Array a: Convert(a.Values, target); break;
            case UInt8Array a: Convert(a.Values, target); break;
            case Date32Array a: Convert(a.Values, target); break;
            case Date64Array a:
                var ms = a.Values;
                for (var i = 0; i < ms.Length; i++) target[i] = Math.Floor(ms[i] / 86_400_000.0);
                break;
            case TimestampArray a: Convert(a.Values, target); break;
            case Decimal128Array a:
                for (var i = 0; i < a.Length; i++) target[i] = a.IsNull(i) ? 0 : (double)a.GetValue(i)!.Value;
                break;
            default: throw new NotSupportedException($"{array.Data.DataType.Name} is not numeric");
        }
    }

    private static void Convert<T>(ReadOnlySpan<T> source, Span<double> target) where T : struct, System.Numerics.INumberBase<T>
    {
        for (var i = 0; i < source.Length; i++) target[i] = double.CreateTruncating(source[i]);
    }
}
