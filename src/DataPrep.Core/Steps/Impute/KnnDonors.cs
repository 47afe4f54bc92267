using System.Text.Json.Nodes;
using DataPrep.Steps.Shared;

namespace DataPrep.Steps.Impute;

/// <summary>
/// The fitted rows of k-nearest-neighbour imputation, as scikit-learn's KNNImputer keeps its
/// <c>_fit_X</c>: every row's feature values (NaN where missing) and target values, in source
/// order. Held in memory (8 bytes per value) and searched by brute force: O(receivers × rows) per
/// column, meant for tables up to a few hundred thousand rows.
/// </summary>
internal sealed class KnnDonors
{
    public KnnDonors(int features, int targets)
    {
        Features = features;
        Targets = new List<double>[targets];
        for (var t = 0; t < targets; t++) Targets[t] = [];
    }

    public int Features { get; }

    /// <summary>Row-major feature values, <see cref="Features"/> per row.</summary>
    public List<double> Matrix { get; private set; } = [];

    public List<double>[] Targets { get; private set; }

    public int Rows => Features == 0 ? 0 : Matrix.Count / Features;

    public void Merge(KnnDonors other)
    {
        Matrix.AddRange(other.Matrix);
        for (var t = 0; t < Targets.Length; t++) Targets[t].AddRange(other.Targets[t]);
    }

    /// <summary>The fill for one receiver row (features in <paramref name="row"/>, NaN where missing) and target <paramref name="target"/>.</summary>
    public double Impute(ReadOnlySpan<double> row, int target, int k, double fallbackMean, Span<(double Distance, int Donor)> best)
    {
        var values = Targets[target];
        var found = 0;
        for (var d = 0; d < values.Count; d++)
        {
            if (double.IsNaN(values[d])) continue; // only rows with the target present donate
            var distance = Distance(row, d);
            if (double.IsNaN(distance)) continue; // no feature present in both: scikit-learn skips the donor
            // Keep the k nearest, ties to the earlier row: an insertion into a short sorted list.
            if (found == k && distance >= best[k - 1].Distance) continue;
            var at = found < k ? found++ : k - 1;
            while (at > 0 && best[at - 1].Distance > distance)
            {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = (distance, d);
        }
        if (found == 0) return fallbackMean;
        var sum = 0.0;
        for (var i = 0; i < found; i++) sum += values[best[i].Donor];
        return sum / found;
    }

    /// <summary>scikit-learn's nan_euclidean distance, squared: the sum over features present in both, scaled by features / present.</summary>
    private double Distance(ReadOnlySpan<double> row, int donor)
    {
        var offset = donor * Features;
        var sum = 0.0;
        var present = 0;
        for (var f = 0; f < Features; f++)
        {
            var a = row[f];
            var b = Matrix[offset + f];
            if (double.IsNaN(a) || double.IsNaN(b)) continue;
            var diff = a - b;
            sum += diff * diff;
            present++;
        }
        return present == 0 ? double.NaN : sum * Features / present;
    }

    public JsonObject Save() => new()
    {
        ["features"] = Features,
        ["rows"] = Numbers(Matrix),
        ["targets"] = new JsonArray(Targets.Select(t => (JsonNode)Numbers(t)).ToArray()),
    };

    // JSON has no NaN: a missing value is stored as null.
    private static JsonArray Numbers(List<double> values) =>
        new(values.Select(x => double.IsNaN(x) ? null : (JsonNode?)JsonValue.Create(x)).ToArray());

    public static KnnDonors Load(JsonObject o, int features, int targets, string stepId)
    {
        if (o["features"]?.GetValue<int>() != features || o["rows"] is not JsonArray rows || o["targets"] is not JsonArray t || t.Count != targets)
            throw new FitArtifactException($"step {stepId}: the knn fit does not match {features} feature column(s) and {targets} knn column(s)");
        var donors = new KnnDonors(features, targets) { Matrix = rows.Select(Read).ToList() };
        for (var i = 0; i < targets; i++) donors.Targets[i] = ((JsonArray)t[i]!).Select(Read).ToList();
        return donors;
    }

    private static double Read(JsonNode? node) => node is null ? double.NaN : node.GetValue<double>();
}
