using Apache.Arrow;
using DataPrep.Steps;

namespace DataPrep.Tests.Execution;

/// <summary>A custom step that fails on its third batch, to test fault reporting.</summary>
internal sealed class ThrowingStep(string id) : IMapStep
{
    private int _batches;

    public string Id { get; } = id;

    public StepKind Kind => StepKind.Map;

    public Schema Bind(Schema input, BindContext context) => input;

    public RecordBatch Process(RecordBatch input, BatchContext context) =>
        Interlocked.Increment(ref _batches) >= 3 ? throw new InvalidOperationException("kaboom") : input;

    public sealed class Options;
}
