using System.Diagnostics;
using DataPrep.Data;
using DataPrep.Images.Codecs;
using DataPrep.Images.Kernels;
using DataPrep.Images.Steps.Augment;
using SkiaSharp;

namespace DataPrep.Images.Benchmarks;

/// <summary>
/// Where the end-to-end time goes, one thread: the augment step's phases per image, decoded as the step does (one codec open; header,
/// parameter draw, decode, resample + flip + normalize), median of the rounds' per-image means,
/// for the step's default filter (antialiased bilinear) and for <c>bilinear_no_antialias</c>.
/// </summary>
internal static class EndToEndProfile
{
    public static void Run(int rounds, int images)
    {
        var files = Enumerable.Range(0, images).Select(i => SampleImages.Encode(i, 512, 512, SKEncodedImageFormat.Jpeg, 90)).ToArray();
        Console.WriteLine("| filter | header µs | draw µs | decode µs | resample+flip+normalize µs | total µs/image |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var filter in new[] { ResizeFilter.Bilinear, ResizeFilter.BilinearNoAntialias })
        {
            var ops = OpsBench.EndToEndOps(filter);
            var phases = new List<double[]>();
            for (var r = 0; r <= rounds; r++)
            {
                var t = new double[4];
                for (var i = 0; i < files.Length; i++)
                {
                    // As the augment step decodes: one codec open, the plan drawn from the header inside it.
                    long a = 0, b = 0;
                    AugmentPlan? plan = null;
                    var request = default(DecodeRequest);
                    var start = Stopwatch.GetTimestamp();
                    var (_, image) = SkiaImageCodec.Instance.DecodeWith(files[i], long.MaxValue, header =>
                    {
                        a = Stopwatch.GetTimestamp();
                        var random = new StableRandom(42, "augment", new RowId(0, i));
                        plan = AugmentPlan.Draw(ops, ref random, header.Width, header.Height);
                        request = AugmentPlan.Request([plan], OpsBench.RegionDecode);
                        b = Stopwatch.GetTimestamp();
                        return request;
                    });
                    var c = Stopwatch.GetTimestamp();
                    plan!.Apply(AugmentPlan.Source(image, request), SimdKernels.Instance, tensor: true);
                    var d = Stopwatch.GetTimestamp();
                    t[0] += Stopwatch.GetElapsedTime(start, a).TotalMicroseconds;
                    t[1] += Stopwatch.GetElapsedTime(a, b).TotalMicroseconds;
                    t[2] += Stopwatch.GetElapsedTime(b, c).TotalMicroseconds;
                    t[3] += Stopwatch.GetElapsedTime(c, d).TotalMicroseconds;
                }
                if (r > 0) phases.Add(t.Select(v => v / files.Length).ToArray()); // round 0 warms up
            }
            double Median(int k) => phases.Select(p => p[k]).Order().ElementAt(phases.Count / 2);
            var total = phases.Select(p => p.Sum()).Order().ElementAt(phases.Count / 2);
            Console.WriteLine($"| {filter} | {Median(0):F0} | {Median(1):F0} | {Median(2):F0} | {Median(3):F0} | {total:F0} |");
        }
    }
}
