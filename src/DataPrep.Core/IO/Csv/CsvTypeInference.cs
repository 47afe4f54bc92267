using Apache.Arrow.Types;

namespace DataPrep.IO.Csv;

/// <summary>
/// Narrows each column to the first type every sampled non-null value parses as, in the order
/// int64, float64, boolean, date, timestamp, string. A column with no values is a string.
/// </summary>
internal sealed class CsvTypeInference(int columns)
{
    [Flags]
    private enum Candidates
    {
        None = 0,
        Int64 = 1,
        Float64 = 2,
        Boolean = 4,
        Date = 8,
        Timestamp = 16,
        All = Int64 | Float64 | Boolean | Date | Timestamp,
    }

    private readonly Candidates[] _candidates = Enumerable.Repeat(Candidates.All, columns).ToArray();
    private readonly bool[] _seen = new bool[columns];

    public void Observe(int column, ReadOnlySpan<char> value)
    {
        _seen[column] = true;
        var left = _candidates[column];
        if (left == Candidates.None) return;
        if ((left & Candidates.Int64) != 0 && !CsvValueParser.TryInteger<long>(value, out _)) left &= ~Candidates.Int64;
        if ((left & Candidates.Float64) != 0 && !CsvValueParser.TryFloat<double>(value, out _)) left &= ~Candidates.Float64;
        if ((left & Candidates.Boolean) != 0 && !CsvValueParser.TryBoolean(value, out _)) left &= ~Candidates.Boolean;
        if ((left & Candidates.Date) != 0 && !CsvValueParser.TryDate(value, out _)) left &= ~Candidates.Date;
        if ((left & Candidates.Timestamp) != 0 && !CsvValueParser.TryTimestamp(value, out _)) left &= ~Candidates.Timestamp;
        _candidates[column] = left;
    }

    public IArrowType Result(int column)
    {
        var left = _candidates[column];
        if (!_seen[column]) return StringType.Default;
        if ((left & Candidates.Int64) != 0) return Int64Type.Default;
        if ((left & Candidates.Float64) != 0) return DoubleType.Default;
        if ((left & Candidates.Boolean) != 0) return BooleanType.Default;
        if ((left & Candidates.Date) != 0) return Date32Type.Default;
        if ((left & Candidates.Timestamp) != 0) return new TimestampType(TimeUnit.Microsecond, "UTC");
        return StringType.Default;
    }
}
