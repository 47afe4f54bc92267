using System.Diagnostics;
using DataPrep.Images.Codecs;
using DataPrep.Images.Gpu;
using DataPrep.Images.Kernels;
using DataPrep.Images.Kernels.Batch;
using SkiaSharp;

namespace DataPrep.Images.Benchmarks;

/// <summary>
/// The batched GPU path: random resized crop 512² → 224² + flip + colour jitter + normalize to CHW,
/// batches of 256 by default. Images are decoded once before timing (decode excluded). Reports,
/// per batch (medians): host packing into page-locked memory, upload, compute (the fused launches
/// only) and download, each synchronised on its own, and the overlapped throughput of the
/// double-buffered path over many batches. Without a CUDA device it says so and runs a small
/// smoke run on ILGPU's CPU accelerator (numbers meaningless for the GPU).
/// </summary>
internal static class GpuBench
{
    public static int Run(int batches, int batchSize, int rounds)
    {
        var gpu = GpuKernels.TryCreateCuda(batchSize);
        if (gpu is null)
        {
            Console.WriteLine("gpu: no usable CUDA device (or no CUDA driver) on this machine. Falling back to ILGPU's CPU accelerator");
            Console.WriteLine("     with 8 images per batch and 2 batches, only to check that the path runs: these are NOT GPU numbers.");
            (batches, batchSize, rounds) = (2, 8, 1);
            gpu = GpuKernels.CreateCpu(batchSize);
        }
        using (gpu)
        {
            Console.WriteLine($"device: {gpu.Name}; batch {batchSize}; 512x512 RGB -> 224x224, crop + flip + jitter + normalize");
            var sources = Enumerable.Range(0, 16).Select(i => SkiaImageCodec.Instance.Decode(SampleImages.Encode(i, 512, 512, SKEncodedImageFormat.Png), long.MaxValue, 3)).ToArray();
            var spec = new FusedSpec(224, 224, [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);
            var rng = new Random(42); // benchmark inputs only
            var batch = Enumerable.Range(0, batchSize).Select(i => Job(sources[i % sources.Length], rng)).ToList();
            var sink = 0f;
            void Consume(int job, ReadOnlySpan<float> tensor) => sink += tensor[job % tensor.Length];

            gpu.RunFusedTimed(batch, spec, Consume); // warm-up: first launches, buffer allocation
            var timings = Enumerable.Range(0, rounds).Select(_ => gpu.RunFusedTimed(batch, spec, Consume)).ToList();
            double Median(Func<FusedTimings, double> f) => timings.Select(f).Order().ElementAt(timings.Count / 2);
            double pack = Median(t => t.PackMs), up = Median(t => t.UploadMs), compute = Median(t => t.ComputeMs), down = Median(t => t.DownloadMs);
            var upMb = batchSize * 512.0 * 512 * 3 / 1e6;
            var downMb = batchSize * 3.0 * 224 * 224 * 4 / 1e6;
            Console.WriteLine($"per batch, medians of {rounds} synchronised batches (ms):");
            Console.WriteLine($"  host pack into page-locked memory  {pack,9:F3}");
            Console.WriteLine($"  upload   ({upMb,7:F1} MB)              {up,9:F3}  ({upMb / up * 1000:F0} MB/s)");
            Console.WriteLine($"  compute  (3 launches + memset)     {compute,9:F3}  -> {batchSize / compute * 1000,10:F0} images/s excluding decode and transfers");
            Console.WriteLine($"  download ({downMb,7:F1} MB float32)      {down,9:F3}  ({downMb / down * 1000:F0} MB/s)");

            var jobs = Enumerable.Range(0, batches).SelectMany(_ => batch).ToList();
            var clock = Stopwatch.StartNew();
            gpu.RunFused(jobs, spec, Consume);
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"overlapped (double-buffered, {batches} batches, pack + transfers + compute, decode excluded): {jobs.Count / seconds:F0} images/s");
            Console.WriteLine($"(checksum {sink})");
        }
        return 0;
    }

    private static FusedJob Job(PixelImage source, Random rng)
    {
        var scale = 0.08 + rng.NextDouble() * 0.92;
        var ratio = Math.Exp(Math.Log(3 / 4.0) + rng.NextDouble() * Math.Log(16 / 9.0));
        var w = Math.Min(512, Math.Round(Math.Sqrt(512 * 512 * scale * ratio)));
        var h = Math.Min(512, Math.Round(Math.Sqrt(512 * 512 * scale / ratio)));
        var crop = new CropRect(Math.Floor(rng.NextDouble() * (512 - w + 1)), Math.Floor(rng.NextDouble() * (512 - h + 1)), w, h);
        var jitter = new JitterParams(0.6 + rng.NextDouble() * 0.8, 0.6 + rng.NextDouble() * 0.8, 0.6 + rng.NextDouble() * 0.8, rng.NextDouble() * 0.2 - 0.1);
        return new FusedJob(source, crop, ResizeFilter.Bilinear, rng.Next(2) == 0, false, jitter);
    }
}
