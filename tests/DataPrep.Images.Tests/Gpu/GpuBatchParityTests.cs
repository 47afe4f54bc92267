using DataPrep.Images.Gpu;
using DataPrep.Images.Kernels;
using DataPrep.Images.Kernels.Batch;
using DataPrep.Tests.Kernels;

namespace DataPrep.Tests.Gpu;

/// <summary>
/// The batched fused path (ILGPU kernels on ILGPU's CPU accelerator, batches of 4 so that 11 jobs
/// take three batches through both slots, the last one partial) against <see cref="FusedAugment.Run"/>
/// with the SIMD kernels. Tolerance, in 8-bit levels before normalisation: without jitter 1 level
/// (the resample sums taps in another order); with jitter 3 levels (a 1-level resample difference
/// goes through a matrix with row sums up to about 2, plus the colour kernels' own rounding), and
/// at most 1% of values more than 1 level apart.
/// </summary>
public sealed class GpuBatchParityTests(GpuBatchParityTests.Accelerator accelerator) : IClassFixture<GpuBatchParityTests.Accelerator>
{
    private static readonly FusedSpec Spec = new(23, 17, [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    private readonly GpuKernels _gpu = accelerator.Kernels;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RunFused_RandomJobs_MatchesSimdPerImage(bool jitter)
    {
        var jobs = Jobs(11, jitter, seed: jitter ? 5 : 6);
        var gpu = Run(_gpu, jobs);
        int over1 = 0, total = 0;
        for (var i = 0; i < jobs.Count; i++)
        {
            var simd = FusedAugment.Run(SimdKernels.Instance, jobs[i], Spec);
            for (var k = 0; k < simd.Length; k++)
            {
                var levels = Math.Abs(gpu[i][k] - simd[k]) * 255 * Spec.Std[k / (Spec.Width * Spec.Height)];
                levels.Should().BeLessThanOrEqualTo(jitter ? 3.001f : 1.001f, $"job {i}, value {k}");
                if (levels > 1.001f) over1++;
                total++;
            }
        }
        over1.Should().BeLessThanOrEqualTo(total / 100);
    }

    [Fact]
    public void RunFused_OtherBatchSize_SameFloats()
    {
        var jobs = Jobs(7, jitter: true, seed: 9);
        using var single = GpuKernels.CreateCpu(batchSize: 1);
        var a = Run(_gpu, jobs);
        var b = Run(single, jobs);
        for (var i = 0; i < jobs.Count; i++) a[i].Should().Equal(b[i], $"job {i}");
    }

    [Fact]
    public void RunFused_GrayscaleSource_Refused()
    {
        var job = new FusedJob(TestImages.Random(1, 10, 10, channels: 1), new CropRect(0, 0, 10, 10), ResizeFilter.Bilinear, false, false, null);
        var act = () => _gpu.RunFused([job], Spec, (_, _) => { });
        act.Should().Throw<ArgumentException>().WithMessage("*job 0*3 channels*");
    }

    private static float[][] Run(GpuKernels kernels, IReadOnlyList<FusedJob> jobs)
    {
        var outputs = new float[jobs.Count][];
        var order = new List<int>();
        kernels.RunFused(jobs, Spec, (i, tensor) => { order.Add(i); outputs[i] = tensor.ToArray(); });
        order.Should().Equal(Enumerable.Range(0, jobs.Count), "outputs come in job order");
        return outputs;
    }

    private static List<FusedJob> Jobs(int count, bool jitter, int seed)
    {
        var rng = new Random(seed); // test inputs only
        var jobs = new List<FusedJob>();
        ResizeFilter[] filters = [ResizeFilter.Bilinear, ResizeFilter.BilinearNoAntialias, ResizeFilter.Bicubic, ResizeFilter.Area];
        for (var i = 0; i < count; i++)
        {
            var (w, h) = (rng.Next(8, 90), rng.Next(8, 70));
            var crop = new CropRect(rng.NextDouble() * w / 3, rng.NextDouble() * h / 3, w * (0.4 + rng.NextDouble() * 0.5), h * (0.4 + rng.NextDouble() * 0.5));
            JitterParams? j = jitter && i % 4 != 3 ? new JitterParams(0.7 + rng.NextDouble() * 0.6, 0.7 + rng.NextDouble() * 0.6, 0.6 + rng.NextDouble() * 0.8, rng.NextDouble() * 0.2 - 0.1) : null;
            jobs.Add(new FusedJob(TestImages.Random(seed * 100 + i, w, h), crop, filters[i % filters.Length], rng.Next(2) == 0, rng.Next(2) == 0, j));
        }
        return jobs;
    }

    /// <summary>One CPU accelerator, batches of 4: kernels compile once for the class.</summary>
    public sealed class Accelerator : IDisposable
    {
        public GpuKernels Kernels { get; } = GpuKernels.CreateCpu(batchSize: 4);

        public void Dispose() => Kernels.Dispose();
    }
}
