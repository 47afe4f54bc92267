using System.Diagnostics;
using System.Text.Json;
using DataPrep.Data;
using DataPrep.Images.Codecs;
using DataPrep.Images.Kernels;
using DataPrep.Images.Steps.Augment;
using SkiaSharp;

namespace DataPrep.Images.Benchmarks;

/// <summary>
/// Per-op single-thread medians on one 512×512 RGB image (→ 224×224 where it applies), and
/// end-to-end decode → random resized crop 224 → flip → normalize CHW on 2 threads, against
/// OpenCV (scripts/opencv_peer.py, same files, same run) when python3-opencv is installed.
/// </summary>
internal static class OpsBench
{
    public static void Run(int rounds, int images)
    {
        var dir = Directory.CreateTempSubdirectory("dataprep-imgbench-").FullName;
        try
        {
            using var bitmap = SampleImages.Draw(0, 512, 512);
            var png = Path.Combine(dir, "image512.png");
            using (var data = bitmap.Encode(SKEncodedImageFormat.Png, 100)) File.WriteAllBytes(png, data.ToArray());
            var jpegs = Path.Combine(dir, "jpeg");
            Directory.CreateDirectory(jpegs);
            var files = new byte[images][];
            for (var i = 0; i < images; i++)
            {
                files[i] = SampleImages.Encode(i, 512, 512, SKEncodedImageFormat.Jpeg, 90);
                File.WriteAllBytes(Path.Combine(jpegs, $"{i:D4}.jpg"), files[i]);
            }
            var img = SkiaImageCodec.Instance.Decode(File.ReadAllBytes(png), long.MaxValue);
            var ours = Ops(img, rounds);
            ours["e2e_images_per_s"] = EndToEnd(files, rounds, ResizeFilter.Bilinear);
            ours["e2e_no_aa_images_per_s"] = EndToEnd(files, rounds, ResizeFilter.BilinearNoAntialias);
            var peer = Peer(png, jpegs, rounds);
            Print(ours, peer);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // Both sides write into buffers allocated once (OpenCV through dst=), as the augment step does
    // with its per-thread buffers: the numbers are the kernels, not the allocator.
    private static Dictionary<string, double> Ops(PixelImage img, int rounds)
    {
        var small = Resample.Resize(img, 224, 224, ResizeFilter.Area);
        var meanGray = ColorTransform.MeanGray(img);
        float[] mean = [0.485f, 0.456f, 0.406f], std = [0.229f, 0.224f, 0.225f];
        var crop = new CropRect(50, 60, 400, 400);
        var whole = CropRect.Whole(img);
        var same = new PixelImage(img.Width, img.Height, img.Channels);
        var out224 = new PixelImage(224, 224, img.Channels);
        var tensor = new float[3 * 224 * 224];
        byte[] fill = [0, 0, 0];
        return new Dictionary<string, double>
        {
            ["flip"] = MedianUs(() => Flip.Horizontal(img, same), rounds, 50),
            ["resize_bilinear"] = MedianUs(() => Resample.Run(img, whole, ResizeFilter.Bilinear, false, false, out224), rounds, 50),
            ["resize_bilinear_no_antialias"] = MedianUs(() => Resample.Run(img, whole, ResizeFilter.BilinearNoAntialias, false, false, out224), rounds, 50),
            ["resize_area"] = MedianUs(() => Resample.Run(img, whole, ResizeFilter.Area, false, false, out224), rounds, 50),
            ["crop_flip_resize"] = MedianUs(() => Resample.Run(img, crop, ResizeFilter.Area, true, false, out224), rounds, 50),
            ["rotate"] = MedianUs(() => Rotate.Bilinear(img, 17, fill, same), rounds, 20),
            // The whole jitter: mean gray for contrast, the matrix, one pass.
            ["color_jitter"] = MedianUs(() => ColorTransform.Apply(img, ColorMatrix.Jitter(1.1, 0.9, 1.2, 0.05, ColorTransform.MeanGray(img)), same), rounds, 20),
            ["color_jitter.mean_gray"] = MedianUs(() => ColorTransform.MeanGray(img), rounds, 20),
            ["color_jitter.apply"] = MedianUs(() => ColorTransform.Apply(img, ColorMatrix.Jitter(1.1, 0.9, 1.2, 0.05, meanGray), same), rounds, 20),
            ["blur"] = MedianUs(() => Blur.Gaussian(img, 1.5, same), rounds, 20),
            ["noise"] = MedianUs(() => Noise.Gaussian(img, 10, 7, same), rounds, 10),
            ["normalize"] = MedianUs(() => Normalize.ToChw(small, mean, std, tensor), rounds, 50),
        };
    }

    /// <summary>DATAPREP_BENCH_FULL_DECODE=1: decode whole images (no DCT scaling, no region decode), to show what the region decode brings.</summary>
    internal static readonly bool RegionDecode = Environment.GetEnvironmentVariable("DATAPREP_BENCH_FULL_DECODE") != "1";

    /// <summary>
    /// The augment step's own path (one codec object for header and decode, draw, reduced or region
    /// decode, fused resample, normalize), 2 threads. <paramref name="filter"/>: the step's default
    /// (antialiased bilinear), or <c>bilinear_no_antialias</c>, like for like with OpenCV's INTER_LINEAR.
    /// </summary>
    /// <summary>The end-to-end chain: random resized crop to 224, flip, normalize to a CHW tensor.</summary>
    internal static List<AugmentOp> EndToEndOps(ResizeFilter filter) =>
        [new() { RandomResizedCrop = new() { Size = [224, 224], Filter = filter } }, new() { Flip = new() }, new() { Normalize = new() }];

    private static double EndToEnd(byte[][] files, int rounds, ResizeFilter filter)
    {
        var ops = EndToEndOps(filter);
        void One(int i)
        {
            AugmentPlan? plan = null;
            var request = default(DecodeRequest);
            var (_, image) = SkiaImageCodec.Instance.DecodeWith(files[i], long.MaxValue, header =>
            {
                var random = new StableRandom(42, "augment", new RowId(0, i));
                plan = AugmentPlan.Draw(ops, ref random, header.Width, header.Height);
                return request = AugmentPlan.Request([plan], RegionDecode);
            });
            var (_, tensor) = plan!.Apply(AugmentPlan.Source(image, request), SimdKernels.Instance, tensor: true);
            if (tensor!.Length != 3 * 224 * 224) throw new InvalidOperationException("wrong tensor size");
        }
        var options = new ParallelOptions { MaxDegreeOfParallelism = 2 };
        Parallel.For(0, files.Length, options, One);
        var rates = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            var sw = Stopwatch.StartNew();
            Parallel.For(0, files.Length, options, One);
            rates.Add(files.Length / sw.Elapsed.TotalSeconds);
        }
        rates.Sort();
        return rates[rates.Count / 2];
    }

    private static double MedianUs(Action op, int rounds, int inner)
    {
        // DATAPREP_BENCH_MIN=1: the fastest single call of rounds × inner (for diagnosis on a loaded machine).
        var fastest = Environment.GetEnvironmentVariable("DATAPREP_BENCH_MIN") == "1";
        if (fastest) (rounds, inner) = (rounds * inner, 1);
        op();
        var times = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < inner; i++) op();
            times.Add(sw.Elapsed.TotalMicroseconds / inner);
        }
        times.Sort();
        return fastest ? times[0] : times[times.Count / 2];
    }

    private static Dictionary<string, JsonElement>? Peer(string png, string jpegs, int rounds)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "scripts", "opencv_peer.py");
        if (!File.Exists("/usr/bin/python3") || !File.Exists(script)) return null;
        var start = new ProcessStartInfo("/usr/bin/python3", [script, png, jpegs, rounds.ToString()]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"(OpenCV peer not run: {error.Trim().Split('\n').LastOrDefault()})");
            return null;
        }
        return JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(output);
    }

    private static void Print(Dictionary<string, double> ours, Dictionary<string, JsonElement>? peer)
    {
        Console.WriteLine($"kernels: {SimdKernels.Instance.Name}; OpenCV: {(peer is null ? "not available" : peer["opencv"].GetString())}");
        Console.WriteLine("| op (512x512 RGB, single thread) | DataPrep µs | OpenCV µs | ratio (OpenCV / DataPrep, ≥ 1 = as fast or faster) |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (op, us) in ours)
        {
            if (op.StartsWith("e2e_", StringComparison.Ordinal)) continue;
            double? other = peer is not null && peer.TryGetValue(op, out var value) ? value.GetDouble() : null;
            Console.WriteLine($"| {op} | {us:F1} | {(other is { } o ? o.ToString("F1") : "-")} | {(other is { } p ? (p / us).ToString("F2") : "-")} |");
        }
        var e2e = ours["e2e_images_per_s"];
        var peerE2e = peer?["e2e_images_per_s"].GetDouble();
        Console.WriteLine($"| end to end, 2 cores: images/s (bilinear, antialiased: the step's default) | {e2e:F0} | {(peerE2e is { } pe ? pe.ToString("F0") : "-")} | {(peerE2e is { } q ? (e2e / q).ToString("F2") : "-")} (DataPrep / OpenCV) |");
        var noAa = ours["e2e_no_aa_images_per_s"];
        Console.WriteLine($"| end to end, 2 cores: images/s (bilinear_no_antialias, like INTER_LINEAR) | {noAa:F0} | {(peerE2e is { } pn ? pn.ToString("F0") : "-")} | {(peerE2e is { } r ? (noAa / r).ToString("F2") : "-")} (DataPrep / OpenCV) |");
    }
}
