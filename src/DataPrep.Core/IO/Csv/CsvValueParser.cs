using System.Globalization;
using System.Numerics;

namespace DataPrep.IO.Csv;

/// <summary>Invariant-culture parsing of CSV text into the values Arrow stores.</summary>
internal static class CsvValueParser
{
    public delegate bool Parser<T>(ReadOnlySpan<char> text, out T value);

    private static readonly int EpochDay = new DateOnly(1970, 1, 1).DayNumber;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static bool TryInteger<T>(ReadOnlySpan<char> text, out T value) where T : INumberBase<T> =>
        T.TryParse(text, NumberStyles.Integer, Invariant, out value!);

    public static bool TryFloat<T>(ReadOnlySpan<char> text, out T value) where T : IFloatingPoint<T> =>
        T.TryParse(text, NumberStyles.Float, Invariant, out value!);

    public static bool TryBoolean(ReadOnlySpan<char> text, out bool value)
    {
        text = text.Trim();
        value = text.Equals("true", StringComparison.OrdinalIgnoreCase);
        return value || text.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary><c>yyyy-MM-dd</c> as days since 1970-01-01.</summary>
    public static bool TryDate(ReadOnlySpan<char> text, out int days)
    {
        days = 0;
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", Invariant, DateTimeStyles.None, out var date)) return false;
        days = date.DayNumber - EpochDay;
        return true;
    }

    /// <summary>
    /// ISO 8601 date and time (<c>T</c> or space between them, optional fraction and offset; no
    /// offset means UTC) as microseconds since the Unix epoch.
    /// </summary>
    public static bool TryTimestamp(ReadOnlySpan<char> text, out long micros)
    {
        micros = 0;
        text = text.Trim();
        if (text.Length < 16 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ')) return false;
        if (!DateTimeOffset.TryParse(text, Invariant, DateTimeStyles.AssumeUniversal, out var value)) return false;
        micros = (value.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
        return true;
    }

    public static bool TryBase64(ReadOnlySpan<char> text, Span<byte> destination, out int written) =>
        Convert.TryFromBase64Chars(text.Trim(), destination, out written);
}
