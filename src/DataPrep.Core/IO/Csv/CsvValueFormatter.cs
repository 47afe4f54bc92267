using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO.Batches;

namespace DataPrep.IO.Csv;

/// <summary>
/// Formats one Arrow value as CSV text, invariant culture: shortest round-trip floats,
/// <c>yyyy-MM-dd</c> dates, ISO 8601 UTC timestamps with <c>Z</c>, exact decimals, base64 binary.
/// </summary>
internal static class CsvValueFormatter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly DateOnly Epoch = new(1970, 1, 1);

    /// <summary>Upper bound of the characters <see cref="Format"/> needs for the value.</summary>
    public static int MaxLength(IArrowArray array, int index) => array switch
    {
        StringArray s => s.GetValueLength(index),
        BinaryArray b => (b.GetValueLength(index) + 2) / 3 * 4,
        _ => 64,
    };

    /// <summary>Writes the value (not null) and returns the characters written.</summary>
    public static int Format(IArrowArray array, int index, Span<char> destination)
    {
        int written;
        bool ok;
        switch (array)
        {
            case StringArray s:
                written = Encoding.UTF8.GetChars(s.GetBytes(index), destination);
                return written;
            case BinaryArray b:
                ok = Convert.TryToBase64Chars(b.GetBytes(index), destination, out written);
                break;
            case BooleanArray b:
                var text = b.GetValue(index) == true ? "true" : "false";
                text.CopyTo(destination);
                return text.Length;
            case Decimal128Array a:
                var digits = DecimalBits.Format(Unscaled(a, index), a.Scale);
                digits.CopyTo(destination);
                return digits.Length;
            case Int8Array a: ok = a.GetValue(index)!.Value.TryFormat(destination, out written, default, Invariant); break;
            case Int16Array a: ok = a.GetValue(index)!.Value.TryFormat(destination, out written, default, Invariant); break;
            case Int32Array a: ok = a.GetValue(index)!.Value.TryFormat(destination, out written, default, Invariant); break;
            case Int64Array a: ok = a.GetValue(index)!.Value.TryFormat(destination, out written, default, Invariant); break;
            case UInt8Array a: ok = a.GetValue(index)!.Value.TryFormat(destination, out written, default, Invariant); break;
            case UInt16Array a: ok = a.GetValue(index)!.Value.TryFormat(destination, out written, default, Invariant); break;
            case UInt32Array a: ok = a.GetValue(index)!.Value.TryFormat(destination, out written, default, Invariant); break;
            case UInt64Array a: ok = a.GetValue(index)!.Value.TryFormat(destination, out written, default, Invariant); break;
            case FloatArray a: ok = a.GetValue(index)!.Value.TryFormat(destination, out written, "R", Invariant); break;
            case DoubleArray a: ok = a.GetValue(index)!.Value.TryFormat(destination, out written, "R", Invariant); break;
            case Date32Array a:
                ok = Epoch.AddDays(((PrimitiveArray<int>)a).GetValue(index)!.Value).TryFormat(destination, out written, "yyyy-MM-dd", Invariant);
                break;
            case TimestampArray a:
                var time = ToDateTime(((PrimitiveArray<long>)a).GetValue(index)!.Value, ((TimestampType)a.Data.DataType).Unit);
                ok = time.TryFormat(destination, out written, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", Invariant);
                break;
            default:
                throw new NotSupportedException($"type '{array.Data.DataType.Name}' cannot be written to CSV");
        }
        if (!ok) throw new InvalidOperationException("CSV value buffer too small");
        return written;
    }

    private static DateTime ToDateTime(long value, TimeUnit unit) => new(DateTime.UnixEpoch.Ticks + unit switch
    {
        TimeUnit.Second => value * TimeSpan.TicksPerSecond,
        TimeUnit.Millisecond => value * TimeSpan.TicksPerMillisecond,
        TimeUnit.Microsecond => value * 10,
        _ => value / 100,
    }, DateTimeKind.Utc);

    private static Int128 Unscaled(Decimal128Array array, int index) =>
        MemoryMarshal.Read<Int128>(array.ValueBuffer.Span.Slice((array.Offset + index) * 16, 16));
}
