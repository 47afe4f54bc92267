namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// A Parquet physical value to its Arrow value, with the results the Parquet.Net path gives
/// (through its CLR types) for valid data.
/// </summary>
internal interface IValueConversion<TIn, TOut>
{
    static abstract TOut Convert(TIn value);
}

internal readonly struct SameValue<T> : IValueConversion<T, T>
{
    public static T Convert(T value) => value;
}

/// <summary>INT32 annotated INT(8) / UINT(8): the low byte, as Parquet.Net's cast.</summary>
internal readonly struct LowByte : IValueConversion<int, byte>
{
    public static byte Convert(int value) => unchecked((byte)value);
}

/// <summary>INT32 annotated INT(16) / UINT(16): the low 16 bits, as Parquet.Net's cast.</summary>
internal readonly struct LowShort : IValueConversion<int, short>
{
    public static short Convert(int value) => unchecked((short)value);
}

/// <summary>Timestamp in milliseconds to microseconds (Parquet.Net's DateTime holds whole milliseconds exactly).</summary>
internal readonly struct MillisToMicros : IValueConversion<long, long>
{
    public static long Convert(long value) => unchecked(value * 1000);
}

/// <summary>An INT32 decimal's unscaled value, widened for Arrow's decimal128.</summary>
internal readonly struct Int32ToInt128 : IValueConversion<int, Int128>
{
    public static Int128 Convert(int value) => value;
}

/// <summary>An INT64 decimal's unscaled value, widened for Arrow's decimal128.</summary>
internal readonly struct Int64ToInt128 : IValueConversion<long, Int128>
{
    public static Int128 Convert(long value) => value;
}
