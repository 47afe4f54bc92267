using DataPrep.Definition;

namespace DataPrep.Execution;

/// <summary>A step threw while running; names the step and its place in the pipeline file.</summary>
public sealed class StepFailedException(string stepId, SourceLocation location, Exception inner)
    : Exception($"{location}: step '{stepId}' failed: {inner.Message}", inner)
{
    public string StepId { get; } = stepId;

    public SourceLocation Location { get; } = location;
}
