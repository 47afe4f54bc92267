using Apache.Arrow;
using Apache.Arrow.Types;
using Parquet.Meta;
using TimestampType = Apache.Arrow.Types.TimestampType;

namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// Right min/max for a timestamp chunk that Parquet.Net encoded. It stores TIMESTAMP(MICROS) values in
/// microseconds but derives their statistics in milliseconds (Parquet.Net 6.1 <c>ParquetPlainEncoder.TryEncode(DateTime)</c>),
/// so a reader that prunes on them (DuckDB) drops matching row groups. This recomputes them from the
/// Arrow array as Parquet.Net stores each value: its <see cref="DateTime"/> ticks, then ticks / 10 less
/// the epoch. The page header keeps Parquet.Net's; readers prune on the column chunk's.
/// </summary>
internal static class TimestampStatistics
{
    public static void Correct(Statistics statistics, TimestampArray array)
    {
        // As Parquet.Net stores each value: the DateTime its encoder makes, in microseconds.
        var toDateTime = ParquetColumnEncoder.TicksConverter(((TimestampType)array.Data.DataType).Unit);
        long? min = null, max = null;
        for (var i = 0; i < array.Length; i++)
        {
            if (array.IsNull(i)) continue;
            var micros = ParquetColumnDecoder.ToMicros(toDateTime(array.Values[i]));
            if (min is null || micros < min) min = micros;
            if (max is null || micros > max) max = micros;
        }
        var (minBytes, maxBytes) = min is null ? (null, null) : (BitConverter.GetBytes(min.Value), BitConverter.GetBytes(max!.Value));
        statistics.Min = statistics.MinValue = minBytes;
        statistics.Max = statistics.MaxValue = maxBytes;
    }
}
