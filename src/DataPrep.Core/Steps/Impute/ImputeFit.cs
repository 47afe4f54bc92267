using System.Text.Json.Nodes;
using DataPrep.Data;
using DataPrep.Definition.Binding;
using DataPrep.Steps.Shared;

namespace DataPrep.Steps.Impute;

/// <summary>
/// The fit artifact of impute: per column its method and fill value (as invariant text, read back
/// into the column's type), and for knn the fallback mean plus the fitted rows.
/// </summary>
internal static class ImputeFit
{
    public static JsonObject Save(ImputeTarget[] targets, KnnDonors? donors)
    {
        var columns = new JsonObject();
        foreach (var t in targets)
        {
            var o = new JsonObject { ["method"] = EnumNames.NameOf(t.Method), ["type"] = ColumnTypes.Format(t.InputType) };
            o["fill"] = t.Fill is null ? null : t.Fill is double d && double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(ArrowValues.Format(t.Fill));
            columns[t.Name] = o;
        }
        var root = new JsonObject { ["columns"] = columns };
        if (donors is not null) root["knn"] = donors.Save();
        return root;
    }

    public static KnnDonors? Load(JsonNode fit, string stepId, ImputeTarget[] targets, int features)
    {
        var columns = FitJson.Columns(fit, stepId, targets.Select(t => t.Name));
        foreach (var t in targets)
        {
            var o = FitJson.Column(columns, t.Name, stepId);
            FitJson.Expect(o, "method", EnumNames.NameOf(t.Method), stepId, t.Name);
            FitJson.Expect(o, "type", ColumnTypes.Format(t.InputType), stepId, t.Name);
            var fill = o["fill"];
            if (fill is null)
            {
                t.Fill = null;
            }
            else if (t.AsDouble)
            {
                t.Fill = FitJson.Number(o, "fill", stepId, t.Name);
            }
            else if (!ValueConverter.TryConvert(fill.GetValueKind() == System.Text.Json.JsonValueKind.Number ? fill.GetValue<double>() : FitJson.Text(o, "fill", stepId, t.Name),
                t.OutputType, out var value, out var reason))
            {
                throw new FitArtifactException($"step {stepId}: the fill of column '{t.Name}' does not fit its type: {reason}");
            }
            else
            {
                t.Fill = value;
            }
        }
        var knnColumns = targets.Count(t => t.KnnSlot >= 0);
        if (knnColumns == 0) return null;
        if (fit["knn"] is not JsonObject knn) throw new FitArtifactException($"step {stepId}: the fit has no knn rows");
        return KnnDonors.Load(knn, features, knnColumns, stepId);
    }
}
