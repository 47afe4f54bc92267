using System.Globalization;
using Apache.Arrow.Types;

namespace DataPrep.Data;

/// <summary>
/// Converts a CLR value (as <see cref="ArrowValues.Get"/> returns it) to the representation a
/// target Arrow type is built from. Returns false with a reason when the value does not fit:
/// overflow, text that is not a number, a fractional value for an integer type.
/// </summary>
internal static class ValueConverter
{
    public static bool TryConvert(object value, IArrowType target, out object? result, out string reason)
    {
        reason = "";
        result = null;
        try
        {
            result = target switch
            {
                Int8Type => Integer(value, sbyte.MinValue, sbyte.MaxValue),
                Int16Type => Integer(value, short.MinValue, short.MaxValue),
                Int32Type => Integer(value, int.MinValue, int.MaxValue),
                Int64Type => Integer(value, long.MinValue, long.MaxValue),
                UInt8Type => Integer(value, 0, byte.MaxValue),
                UInt16Type => Integer(value, 0, ushort.MaxValue),
                UInt32Type => Integer(value, 0, uint.MaxValue),
                UInt64Type => UInt64(value),
                FloatType or DoubleType => Double(value),
                BooleanType => Boolean(value),
                StringType => value as string ?? ArrowValues.Format(value),
                BinaryType => value as byte[] ?? System.Text.Encoding.UTF8.GetBytes(ArrowValues.Format(value)),
                Date32Type => Date(value),
                TimestampType => Timestamp(value),
                Decimal128Type d => Decimal(value, d),
                _ => null,
            };
            if (result is not null) return true;
            reason = $"cannot convert to {ColumnTypes.Format(target)}";
            return false;
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException)
        {
            reason = $"'{ArrowValues.Format(value)}' is not a valid {ColumnTypes.Format(target)}";
            return false;
        }
    }

    private static object? Integer(object value, long min, long max)
    {
        long v = value switch
        {
            long l => l,
            ulong u => checked((long)u),
            double d when d == Math.Floor(d) && d >= long.MinValue && d <= long.MaxValue => (long)d,
            decimal m when m == decimal.Truncate(m) => (long)m,
            bool b => b ? 1 : 0,
            string s => long.Parse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture),
            _ => throw new FormatException(),
        };
        if (v < min || v > max) throw new OverflowException();
        return v;
    }

    private static object? UInt64(object value) => value switch
    {
        ulong u => u,
        long l => checked((ulong)l),
        string s => ulong.Parse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture),
        _ => checked((ulong)(long)Integer(value, 0, long.MaxValue)!),
    };

    private static object Double(object value) => value switch
    {
        double d => d,
        long l => (double)l,
        ulong u => (double)u,
        decimal m => (double)m,
        bool b => b ? 1.0 : 0.0,
        string s => double.Parse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw new FormatException(),
    };

    private static object Boolean(object value) => value switch
    {
        bool b => b,
        long l when l is 0 or 1 => l == 1,
        string s when s.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) || s.Trim() == "1" => true,
        string s when s.Trim().Equals("false", StringComparison.OrdinalIgnoreCase) || s.Trim() == "0" => false,
        _ => throw new FormatException(),
    };

    private static object Date(object value) => value switch
    {
        DateOnly d => d,
        DateTimeOffset t => DateOnly.FromDateTime(t.UtcDateTime),
        string s => DateOnly.ParseExact(s.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new FormatException(),
    };

    private static object Timestamp(object value) => value switch
    {
        DateTimeOffset t => t,
        DateOnly d => new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        string s => DateTimeOffset.Parse(s.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        _ => throw new FormatException(),
    };

    private static object Decimal(object value, Decimal128Type type)
    {
        var m = value switch
        {
            decimal d => d,
            long l => l,
            ulong u => u,
            double d => (decimal)d,
            string s => decimal.Parse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture),
            _ => throw new FormatException(),
        };
        // .NET decimal holds 28-29 digits and scales up to 28: wider Arrow decimals are refused
        // value by value rather than rounded or overflowed silently.
        if (type.Scale > 28) throw new OverflowException();
        var rounded = Math.Round(m, type.Scale, MidpointRounding.ToEven);
        if (rounded != m) throw new FormatException();
        var integerDigits = type.Precision - type.Scale;
        if (integerDigits < 29 && Math.Abs(decimal.Truncate(rounded)) >= Pow10(integerDigits)) throw new OverflowException();
        return rounded;
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++) result *= 10m;
        return result;
    }
}
