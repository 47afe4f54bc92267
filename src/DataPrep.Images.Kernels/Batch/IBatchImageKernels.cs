namespace DataPrep.Images.Kernels.Batch;

/// <summary>
/// Kernels that take the fused augment op a batch at a time (the GPU: one launch per batch per
/// fused op). <see cref="FusedAugment.Run"/> is the per-image definition a batch must reproduce.
/// </summary>
public interface IBatchImageKernels : IImageKernels
{
    /// <summary>
    /// Runs every job and hands each job's CHW tensor (<see cref="FusedSpec.TensorLength"/> floats)
    /// to <paramref name="consume"/>, in job order. Every source must have 3 channels.
    /// </summary>
    void RunFused(IReadOnlyList<FusedJob> jobs, FusedSpec spec, FusedOutput consume);
}

/// <summary>Receives job <paramref name="job"/>'s tensor; the span is valid only during the call.</summary>
public delegate void FusedOutput(int job, ReadOnlySpan<float> tensor);
