using Apache.Arrow;
using DataPrep;
using DataPrep.Execution;
using DataPrep.IO;
using DataPrep.Steps;

namespace ServeApi;

/// <summary>
/// Applies a training pipeline to posted records by running it in memory over them: the same
/// definition, the same steps, the same code as the batch run. Only pipelines whose steps need
/// no fit (map and sequential steps) can be served this way: a fitted step would fit on the
/// request. To be replaced by a transformer over the in-memory fitted pipeline (definition + fit
/// artifact), which applies the statistics saved at training time.
/// </summary>
public sealed class PipelineTransformer : IRecordTransformer
{
    private readonly Pipeline _serving;

    private PipelineTransformer(Pipeline serving, Schema input, Schema output)
    {
        _serving = serving;
        InputSchema = input;
        OutputSchema = output;
    }

    public Schema InputSchema { get; }

    public Schema OutputSchema { get; }

    /// <summary>Loads the training pipeline and reads its source's schema (metadata only); fails at start-up, not per request.</summary>
    public static async Task<PipelineTransformer> CreateAsync(string pipelinePath, string? fitArtifact, StepRegistry registry, CancellationToken cancellationToken)
    {
        if (fitArtifact is not null)
        {
            throw new NotSupportedException($"fit artifact '{fitArtifact}': applying saved statistics needs the in-memory fitted pipeline, " +
                "which this build does not have yet; serve a pipeline without fitted steps and no DataPrep:FitArtifact");
        }
        var training = Pipeline.Load(pipelinePath, registry);
        var plan = await training.CompileAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (plan.Steps.FirstOrDefault(s => s.Kind == StepKind.Fitted) is { } fitted)
        {
            throw new NotSupportedException($"step '{fitted.Id}' is fitted: serving it needs its training-time statistics (a fit artifact " +
                "and the in-memory fitted pipeline), not a fit on each request");
        }
        if (plan.Steps.FirstOrDefault(s => s.Kind == StepKind.Sequential) is { } sequential)
            throw new NotSupportedException($"step '{sequential.Id}' is order-dependent across rows (sequential); it has no per-record meaning");

        // Same definition, but the records come from the request and go back to it, and a
        // rejected record is an answer about that record, not a reason to fail the request.
        var serving = Pipeline.Load(pipelinePath, registry);
        serving.Definition.Source = new SourceOptions { Memory = new MemorySourceOptions { Name = "request" } };
        serving.Definition.Sink = new SinkOptions { Memory = new MemorySinkOptions { Name = "response" } };
        serving.Definition.Quarantine.MaxBadFraction = 1;
        return new PipelineTransformer(serving, plan.SourceSchema, plan.OutputSchema);
    }

    public async Task<Transformed> TransformAsync(RecordBatch records, CancellationToken cancellationToken)
    {
        var options = new RunOptions
        {
            Inputs = new Dictionary<string, IBatchSource> { ["request"] = BatchSource.FromBatches(InputSchema, [records], "request") },
            Parallelism = 1,
        };
        var result = await _serving.CollectAsync(options, cancellationToken).ConfigureAwait(false);
        return new Transformed(result.Batches, result.Removed);
    }
}
