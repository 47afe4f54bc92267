using Apache.Arrow.Types;

namespace DataPrep.Steps.Impute;

/// <summary>Arrow's date and timestamp units to and from .NET values.</summary>
internal static class Epoch
{
    public static readonly DateOnly Date = new(1970, 1, 1);

    public static int DayNumber => Date.DayNumber;

    public static DateTimeOffset Timestamp(TimestampType type, long value) => DateTimeOffset.UnixEpoch.AddTicks(type.Unit switch
    {
        TimeUnit.Second => value * TimeSpan.TicksPerSecond,
        TimeUnit.Millisecond => value * TimeSpan.TicksPerMillisecond,
        TimeUnit.Microsecond => value * 10,
        _ => value / 100,
    });

    /// <summary>A value in a date or timestamp column's own unit (days, or timestamp units), rounded to the nearest, as the CLR value.</summary>
    public static object FromUnits(IArrowType type, double units)
    {
        var rounded = (long)Math.Round(units, MidpointRounding.ToEven);
        return type is TimestampType t ? Timestamp(t, rounded) : DateOnly.FromDayNumber(DayNumber + (int)rounded);
    }
}
