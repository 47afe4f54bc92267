using Apache.Arrow;
using Parquet.Meta;

namespace DataPrep.Tests.IO.Parquet;

/// <summary>
/// The one known difference between our timestamp chunks and Parquet.Net 6.1's: its min/max are in
/// milliseconds (the values are in microseconds), ours in microseconds. This puts our bounds into
/// Parquet.Net's chunk and metadata, so that everything else can be compared byte for byte.
/// </summary>
internal static class ParquetNetTimestampBounds
{
    /// <summary>
    /// Parquet.Net's chunk bytes with the right bounds of <paramref name="values"/> (microseconds, as
    /// stored) in the page header; <paramref name="theirs"/> gets them too.
    /// </summary>
    public static byte[] Adopt(byte[] chunk, ColumnMetaData theirs, TimestampArray values)
    {
        if (theirs.Statistics?.Min is not { } min || theirs.Statistics.Max is not { } max) return chunk;
        var valid = Enumerable.Range(0, values.Length).Where(values.IsValid).Select(i => values.Values[i]).ToList();
        var (ourMin, ourMax) = (BitConverter.GetBytes(valid.Min()), BitConverter.GetBytes(valid.Max()));
        var result = Replace(Replace(chunk, min, ourMin), max, ourMax);
        theirs.Statistics.Min = theirs.Statistics.MinValue = ourMin;
        theirs.Statistics.Max = theirs.Statistics.MaxValue = ourMax;
        return result;
    }

    /// <summary>
    /// Every occurrence of an 8-byte bound in the page header (the first 100 bytes: a header holds each
    /// bound twice; the values after it are in another unit, so they cannot match).
    /// </summary>
    private static byte[] Replace(byte[] chunk, byte[] from, byte[] to)
    {
        var result = chunk.ToArray();
        var header = result.AsSpan(0, Math.Min(100, result.Length));
        for (int at; (at = header.IndexOf(from)) >= 0;) to.CopyTo(header[at..]);
        return result;
    }
}
