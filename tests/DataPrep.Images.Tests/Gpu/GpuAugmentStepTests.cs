using DataPrep.Images;
using DataPrep.Images.Gpu;
using DataPrep.Images.Kernels;
using DataPrep.Images.Kernels.Batch;
using DataPrep.Steps;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Gpu;

/// <summary>
/// The augment step feeding the batched fused path: the GPU kernels on ILGPU's CPU accelerator
/// (batches of 3), counted, against the SIMD step on the same images. Tolerance as in
/// <see cref="GpuBatchParityTests"/>: 3 levels before normalisation (the ops include a jitter).
/// </summary>
public sealed class GpuAugmentStepTests
{
    private const string Steps = """
          - augment:
              column: image
              output: tensor
              format: tensor
              copies: 2
              ops:
                - random_resized_crop: { size: [32, 24], scale: [0.3, 1.0] }
                - flip: { horizontal: 0.5 }
                - color_jitter: { brightness: 0.3, contrast: 0.3, saturation: 0.3, hue: 0.05 }
                - normalize: { mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] }
        """;

    [Fact]
    public async Task Run_BatchKernels_TakeEveryCopyInBatchesAndMatchSimd()
    {
        using var gpu = new Counting(GpuKernels.CreateCpu(batchSize: 3));
        using var p = new ImagePipeline { Registry = StepRegistry.CreateDefault().AddImageSteps(_ => gpu) };
        using var cpu = new ImagePipeline();
        Write(p); Write(cpu);
        var onGpu = await ImagePipeline.ReadAsync(ImagePipeline.FileOf(await p.RunAsync(Steps, sinkName: "gpu"), "data"));
        var onCpu = await ImagePipeline.ReadAsync(ImagePipeline.FileOf(await cpu.RunAsync(Steps, sinkName: "cpu"), "data"));

        gpu.Jobs.Should().Be(12, "6 images × 2 copies, all of the fused shape");
        onGpu.Should().HaveCount(12);
        onGpu.Select(r => r["augment_params"]).Should().Equal(onCpu.Select(r => r["augment_params"]));
        for (var r = 0; r < onGpu.Count; r++)
        {
            var a = ToFloats((byte[])onGpu[r]["tensor"]!);
            var b = ToFloats((byte[])onCpu[r]["tensor"]!);
            a.Should().HaveCount(3 * 32 * 24);
            for (var i = 0; i < a.Length; i++) (Math.Abs(a[i] - b[i]) * 255 * 0.25f).Should().BeLessThanOrEqualTo(3.001f, $"row {r}, value {i}");
        }
    }

    [Fact]
    public async Task Run_BatchKernelsAtOtherBatchSizeAndParallelism_SameBytes()
    {
        using var gpu = GpuKernels.CreateCpu(batchSize: 3);
        using var p = new ImagePipeline { Registry = StepRegistry.CreateDefault().AddImageSteps(_ => gpu) };
        Write(p);
        var a = await p.RunAsync(Steps, batchSize: 64, parallelism: 1, sinkName: "a");
        var b = await p.RunAsync(Steps, batchSize: 1, parallelism: 3, sinkName: "b");
        b.Manifest.Files.Select(f => f.Sha256).Should().Equal(a.Manifest.Files.Select(f => f.Sha256));
    }

    private static void Write(ImagePipeline p)
    {
        for (var i = 0; i < 3; i++) p.Write($"cats/c{i}.png", SyntheticImages.Png(SyntheticImages.Scene(i)));
        for (var i = 0; i < 3; i++) p.Write($"dogs/d{i}.jpg", SyntheticImages.Jpeg(SyntheticImages.Scene(10 + i, 200, 150)));
    }

    private static float[] ToFloats(byte[] bytes) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();

    /// <summary>The GPU kernels, counting the jobs that reach the batch path.</summary>
    private sealed class Counting(GpuKernels inner) : IBatchImageKernels, IDisposable
    {
        private int _jobs;

        public int Jobs => _jobs;

        public string Name => inner.Name;

        public PixelImage Resample(PixelImage source, CropRect crop, int width, int height, ResizeFilter filter, bool flipHorizontal, bool flipVertical) =>
            inner.Resample(source, crop, width, height, filter, flipHorizontal, flipVertical);

        public PixelImage Color(PixelImage source, ColorMatrix matrix) => inner.Color(source, matrix);

        public float[] NormalizeChw(PixelImage source, float[] mean, float[] std) => inner.NormalizeChw(source, mean, std);

        public void RunFused(IReadOnlyList<FusedJob> jobs, FusedSpec spec, FusedOutput consume)
        {
            Interlocked.Add(ref _jobs, jobs.Count);
            inner.RunFused(jobs, spec, consume);
        }

        public void Dispose() => inner.Dispose();
    }
}
