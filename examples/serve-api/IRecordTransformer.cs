using Apache.Arrow;
using DataPrep;

namespace ServeApi;

/// <summary>
/// The seam between the API and the engine: applies the training-time preprocessing to a batch of
/// posted records. <see cref="FittedPipelineTransformer"/> applies the pipeline with the statistics
/// of its batch run (a fit artifact); a test or another host can put its own behind it.
/// </summary>
public interface IRecordTransformer
{
    /// <summary>The columns a posted record may carry: the training source's, with their types.</summary>
    Schema InputSchema { get; }

    /// <summary>The schema of the transformed records.</summary>
    Schema OutputSchema { get; }

    /// <summary>Transforms <paramref name="records"/>; rows the pipeline rejects come back in <see cref="Transformed.Rejected"/> with their reason.</summary>
    Task<Transformed> TransformAsync(RecordBatch records, CancellationToken cancellationToken);
}

/// <summary>The transformed rows (in request order) and the rejected ones; <see cref="RemovedRow.Row"/> is the index in the request.</summary>
public sealed record Transformed(IReadOnlyList<RecordBatch> Batches, IReadOnlyList<RemovedRow> Rejected) : IDisposable
{
    public void Dispose()
    {
        foreach (var batch in Batches) batch.Dispose();
    }
}
