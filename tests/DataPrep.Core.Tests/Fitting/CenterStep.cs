using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Definition;
using DataPrep.Steps;

namespace DataPrep.Tests.Fitting;

/// <summary>
/// A minimal fitted step with a reusable fit, for engine tests that must not depend on the real
/// statistics steps: subtracts the fitted mean of a double column (nulls and NaN ignored).
/// </summary>
internal sealed class CenterStep(CenterStep.Options options, string id) : IFittedStep
{
    private int _column = -1;
    private double? _mean;

    public string Id { get; } = id;

    public StepKind Kind => StepKind.Fitted;

    public bool HasReusableFit => true;

    public double Mean => _mean ?? throw new InvalidOperationException("not fitted");

    public Schema Bind(Schema input, BindContext context)
    {
        _column = input.GetFieldIndex(options.Column);
        if (_column < 0 || input.GetFieldByIndex(_column).DataType is not DoubleType)
            context.Error("column", DiagnosticCodes.UnknownColumn, $"no double column '{options.Column}'");
        return input;
    }

    public IStatistics CreateStatistics() => new Sum();

    public void Accumulate(IStatistics statistics, RecordBatch input, BatchContext context)
    {
        var sum = (Sum)statistics;
        var values = (DoubleArray)input.Column(_column);
        for (var i = 0; i < values.Length; i++)
        {
            if (values.GetValue(i) is { } v && !double.IsNaN(v)) { sum.Total += v; sum.Count++; }
        }
    }

    public void Fit(IStatistics merged) => _mean = ((Sum)merged).Count == 0 ? 0 : ((Sum)merged).Total / ((Sum)merged).Count;

    public RecordBatch Apply(RecordBatch input, BatchContext context)
    {
        var values = (DoubleArray)input.Column(_column);
        var builder = new DoubleArray.Builder();
        for (var i = 0; i < values.Length; i++)
        {
            if (values.GetValue(i) is { } v) builder.Append(v - Mean); else builder.AppendNull();
        }
        var arrays = Enumerable.Range(0, input.ColumnCount)
            .Select(c => c == _column ? builder.Build() : DataPrep.Data.ArrowShare.Retain(input.Column(c))).ToList();
        return new RecordBatch(input.Schema, arrays, input.Length);
    }

    public JsonNode SaveFit() => new JsonObject { ["column"] = options.Column, ["mean"] = Mean };

    public void LoadFit(JsonNode fit)
    {
        if ((string?)fit["column"] != options.Column)
            throw new FitArtifactException($"fitted on column '{(string?)fit["column"]}', not '{options.Column}'");
        _mean = (double?)fit["mean"] ?? throw new FitArtifactException("no mean");
    }

    public static StepRegistry Registry() => StepRegistry.CreateDefault().Register<Options>("center", (o, id) => new CenterStep(o, id));

    public sealed class Options
    {
        /// <summary>The double column to center.</summary>
        [Required]
        public string Column { get; set; } = "";
    }

    private sealed class Sum : IStatistics
    {
        public double Total;
        public long Count;

        public void Merge(IStatistics other)
        {
            Total += ((Sum)other).Total;
            Count += ((Sum)other).Count;
        }
    }
}
