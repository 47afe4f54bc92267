using DataPrep.Data;
using DataPrep.Steps.Shared;

namespace DataPrep.Steps.Impute;

/// <summary>
/// What impute accumulates, per imputed column as its method needs: the count and exact sum (mean),
/// moments and quantiles (median), value counts (mode), each batch's first and last present value with its row (forward
/// and backward fill), and the rows for knn. Every part merges; batches merge in source order, so
/// the fill lists stay sorted by row.
/// </summary>
internal sealed class ImputeStatistics(int columns) : IStatistics
{
    public MeanSum?[] Means { get; } = new MeanSum?[columns];

    public ColumnStatistics?[] Numeric { get; } = new ColumnStatistics?[columns];

    public ModeCounter?[] Modes { get; } = new ModeCounter?[columns];

    /// <summary>Per batch, the last present value and its row (forward fill).</summary>
    public List<(RowId At, object Value)>?[] Last { get; } = new List<(RowId, object)>?[columns];

    /// <summary>Per batch, the first present value and its row (backward fill).</summary>
    public List<(RowId At, object Value)>?[] First { get; } = new List<(RowId, object)>?[columns];

    public KnnDonors? Knn { get; set; }

    public void Merge(IStatistics other)
    {
        var o = (ImputeStatistics)other;
        for (var i = 0; i < Numeric.Length; i++)
        {
            Means[i]?.Merge(o.Means[i]!);
            Numeric[i]?.Merge(o.Numeric[i]!);
            Modes[i]?.Merge(o.Modes[i]!);
            Last[i]?.AddRange(o.Last[i]!);
            First[i]?.AddRange(o.First[i]!);
        }
        Knn?.Merge(o.Knn!);
    }
}
