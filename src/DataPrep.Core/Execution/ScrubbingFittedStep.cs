using System.Text.Json.Nodes;
using Apache.Arrow;
using DataPrep.Steps;

namespace DataPrep.Execution;

/// <summary>
/// A fitted step as a fit pass sees it in a plan with sensitive columns: the same step, except that
/// an exception <see cref="Accumulate"/> throws is scrubbed of the batch's sensitive values
/// (<see cref="ExceptionScrubber"/>) before the batch is disposed and the engine wraps it, and an
/// exception <see cref="Fit(IStatistics, int)"/> throws (no batch at hand: the merged statistics may hold any value
/// the step read) has its messages withheld when the step reads a sensitive column.
/// </summary>
internal sealed class ScrubbingFittedStep(IFittedStep step, IReadOnlySet<string> sensitive, PlannedStep planned) : IFittedStep
{
    public string Id => step.Id;

    public StepKind Kind => step.Kind;

    public IEnumerable<string> SensitiveColumns => step.SensitiveColumns;

    public bool HasReusableFit => step.HasReusableFit;

    public Schema Bind(Schema input, BindContext context) => step.Bind(input, context);

    public IEnumerable<string> ColumnsNeeded(Schema input, IReadOnlySet<string> neededOutputs) => step.ColumnsNeeded(input, neededOutputs);

    public string DescribeState() => step.DescribeState();

    public IStatistics CreateStatistics() => step.CreateStatistics();

    public void Accumulate(IStatistics statistics, RecordBatch input, BatchContext context)
    {
        try { step.Accumulate(statistics, input, context); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var scrubbed = ExceptionScrubber.Scrub(e, input, sensitive);
            if (ReferenceEquals(scrubbed, e)) throw;
            throw scrubbed;
        }
    }

    public void Fit(IStatistics merged) => Fit(merged, 1);

    // The engine calls this overload: the withholding below must cover it.
    public void Fit(IStatistics merged, int parallelism)
    {
        try { step.Fit(merged, parallelism); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // What the step reads for itself (no outputs asked for): the columns its statistics can hold.
            var read = step.ColumnsNeeded(planned.Input, new HashSet<string>(StringComparer.Ordinal));
            var withheld = ExceptionScrubber.Withhold(e, read, sensitive, $"fitting step '{step.Id}'");
            if (ReferenceEquals(withheld, e)) throw;
            throw withheld;
        }
    }

    public RecordBatch Apply(RecordBatch input, BatchContext context) => step.Apply(input, context);

    public JsonNode SaveFit() => step.SaveFit();

    public void LoadFit(JsonNode fit) => step.LoadFit(fit);
}
