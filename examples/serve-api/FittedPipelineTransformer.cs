using Apache.Arrow;
using DataPrep;
using DataPrep.Steps;

namespace ServeApi;

/// <summary>
/// Applies the training-time preprocessing to posted records with the statistics the batch run
/// saved (<c>dataprep run PIPELINE --save-fit FILE</c>): the same definition, the same steps and
/// the same fitted values, so a record gets the numbers the batch run gave its row. Needs the
/// pipeline file and the fit artifact only: the artifact records the source's columns, so the
/// training data need not be where the API runs.
/// </summary>
public sealed class FittedPipelineTransformer : IRecordTransformer
{
    private readonly FittedPipeline _fitted;

    private FittedPipelineTransformer(FittedPipeline fitted) => _fitted = fitted;

    public Schema InputSchema => _fitted.InputSchema;

    public Schema OutputSchema => _fitted.OutputSchema;

    /// <summary>Steps not applied per request (sequential ones, fits that describe rows), each with the reason.</summary>
    public IReadOnlyList<string> SkippedSteps => _fitted.SkippedSteps;

    /// <summary>
    /// Loads the pipeline and its fit artifact; an invalid pipeline or an artifact that does not
    /// match it fails here, at start-up, with every problem named (<see cref="DataPrep.Definition.DefinitionException"/>).
    /// </summary>
    public static FittedPipelineTransformer Load(string pipelinePath, string fitArtifactPath, StepRegistry registry) =>
        new(FittedPipeline.Load(pipelinePath, fitArtifactPath, registry));

    public Task<Transformed> TransformAsync(RecordBatch records, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // One batch in memory, no I/O: synchronous work, answered as a completed task.
        var result = _fitted.Transform(records);
        return Task.FromResult(new Transformed([result.Output], result.Removed));
    }
}
