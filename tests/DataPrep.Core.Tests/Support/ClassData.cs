using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;

namespace DataPrep.Tests.Support;

/// <summary>
/// A generated labelled table for rebalance and split tests: id, label (imbalanced classes),
/// numeric features x1, x2, x3, a categorical feature cat, a group column and a near-duplicate
/// cluster column (null for most rows, as a dedupe would leave it). Every value is a pure function
/// of (seed, row), so a grown table keeps its first rows.
/// </summary>
internal static class ClassData
{
    public static readonly Schema Schema = new(
    [
        new Field("id", Int64Type.Default, false),
        new Field("label", StringType.Default, true),
        new Field("x1", DoubleType.Default, true),
        new Field("x2", DoubleType.Default, true),
        new Field("x3", DoubleType.Default, true),
        new Field("cat", StringType.Default, true),
        new Field("grp", StringType.Default, true),
        new Field("cluster", Int64Type.Default, true),
    ], null);

    /// <summary>Class of row i for class sizes in proportion to <paramref name="weights"/>.</summary>
    public static string Label(int seed, long i, IReadOnlyList<int> weights)
    {
        var r = new StableRandom(seed, "label", (ulong)i).NextBelow((ulong)weights.Sum());
        for (var c = 0; c < weights.Count; c++)
        {
            if (r < (ulong)weights[c]) return ((char)('a' + c)).ToString();
            r -= (ulong)weights[c];
        }
        throw new InvalidOperationException();
    }

    public static IReadOnlyList<RecordBatch> Batches(int rows, int batchSize, int seed = 1, int[]? weights = null, bool nulls = false, int start = 0)
    {
        weights ??= [70, 20, 10];
        var batches = new List<RecordBatch>();
        for (var s = start; s < start + rows; s += batchSize) batches.Add(Batch(s, Math.Min(batchSize, start + rows - s), seed, weights, nulls));
        return batches;
    }

    public static RecordBatch Batch(int start, int length, int seed, int[] weights, bool nulls)
    {
        var id = new Int64Array.Builder();
        var label = new StringArray.Builder();
        var x = new[] { new DoubleArray.Builder(), new DoubleArray.Builder(), new DoubleArray.Builder() };
        var cat = new StringArray.Builder();
        var grp = new StringArray.Builder();
        var cluster = new Int64Array.Builder();
        for (long i = start; i < start + length; i++)
        {
            var r = new StableRandom(seed, "row", (ulong)i);
            id.Append(i);
            var l = Label(seed, i, weights);
            if (nulls && i % 97 == 13) label.AppendNull(); else label.Append(l);
            for (var f = 0; f < 3; f++)
            {
                if (nulls && f == 1 && i % 31 == 5) x[f].AppendNull();
                else x[f].Append(Math.Round(r.NextGaussian() * (f + 1) + (l[0] - 'a') * 2, 6));
            }
            cat.Append(((char)('p' + (int)r.NextBelow(3))).ToString());
            grp.Append($"g{r.NextBelow(300)}");
            if (r.NextBelow(10) == 0) cluster.Append((long)r.NextBelow(40)); else cluster.AppendNull();
        }
        return new RecordBatch(Schema, [id.Build(), label.Build(), x[0].Build(), x[1].Build(), x[2].Build(), cat.Build(), grp.Build(), cluster.Build()], length);
    }
}
