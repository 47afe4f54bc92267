using System.Reflection;
using Parquet;
using Parquet.Meta;

namespace DataPrep.IO.Parquet;

/// <summary>
/// Removes the min/max statistics of sensitive columns from a row group's column chunks before the
/// footer is written. Parquet.Net 6.1 always computes them and has no per-column switch, so this
/// reaches its row group metadata by reflection; if a Parquet.Net upgrade moves it, writing a
/// sensitive column fails loudly here rather than leak (and ParquetSensitiveColumnTests fails).
/// </summary>
internal static class SensitiveStatistics
{
    private static readonly FieldInfo? RowGroupField =
        typeof(ParquetRowGroupWriter).GetField("_owGroup", BindingFlags.Instance | BindingFlags.NonPublic);

    public static void Remove(ParquetRowGroupWriter writer, IReadOnlyList<bool> sensitive)
    {
        if (RowGroupField?.GetValue(writer) is not RowGroup group || group.Columns.Count != sensitive.Count)
            throw new InvalidOperationException("cannot remove statistics of sensitive columns: this Parquet.Net version keeps its row group metadata elsewhere");
        for (var c = 0; c < sensitive.Count; c++)
        {
            if (!sensitive[c] || group.Columns[c].MetaData is not { } meta) continue;
            // Keep the null count (it is not a value); drop every bound.
            meta.Statistics = meta.Statistics is { } s ? new Statistics { NullCount = s.NullCount } : null;
        }
    }
}
