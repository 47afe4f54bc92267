using DataPrep.Images.Gpu;
using DataPrep.Images.Kernels;
using DataPrep.Tests.Kernels;

namespace DataPrep.Tests.Gpu;

/// <summary>
/// The ILGPU kernels on ILGPU's CPU accelerator against the SIMD kernels, on small images.
/// Tolerance: 1 level for 8-bit outputs (the two sum taps in different orders), 1e-5 for floats.
/// </summary>
public sealed class GpuParityTests : IClassFixture<GpuParityTests.Accelerator>
{
    private readonly GpuKernels _gpu;

    public GpuParityTests(Accelerator accelerator) => _gpu = accelerator.Kernels;

    [Theory]
    [InlineData(ResizeFilter.Bilinear)]
    [InlineData(ResizeFilter.Bicubic)]
    [InlineData(ResizeFilter.Area)]
    public void Resample_RandomCrops_MatchesSimdWithinOneLevel(ResizeFilter filter)
    {
        var rng = new Random(11);
        foreach (var (seed, w, h) in TestImages.Cases(12))
        {
            var src = TestImages.Random(seed, w, h);
            var crop = new CropRect(rng.NextDouble() * w / 3, rng.NextDouble() * h / 3, w * 0.6 + 0.5, h * 0.6 + 0.5);
            var (ow, oh) = (rng.Next(1, 40), rng.Next(1, 30));
            var fh = seed % 2 == 0;
            var gpu = _gpu.Resample(src, crop, ow, oh, filter, fh, !fh);
            var simd = SimdKernels.Instance.Resample(src, crop, ow, oh, filter, fh, !fh);
            TestImages.Compare(gpu, simd, 1).Over.Should().Be(0, $"case {seed}");
        }
    }

    [Fact]
    public void Color_Jitter_MatchesSimdWithinOneLevel()
    {
        var src = TestImages.Random(1, 37, 23);
        var m = ColorMatrix.Jitter(1.2, 0.8, 1.3, 0.1, ColorTransform.MeanGray(src));
        TestImages.Compare(_gpu.Color(src, m), SimdKernels.Instance.Color(src, m), 1).Over.Should().Be(0);
    }

    [Fact]
    public void Normalize_MatchesSimd()
    {
        var src = TestImages.Random(2, 29, 19);
        float[] mean = [0.485f, 0.456f, 0.406f], std = [0.229f, 0.224f, 0.225f];
        var gpu = _gpu.NormalizeChw(src, mean, std);
        var simd = SimdKernels.Instance.NormalizeChw(src, mean, std);
        for (var i = 0; i < gpu.Length; i++) gpu[i].Should().BeApproximately(simd[i], 1e-5f);
    }

    /// <summary>One CPU accelerator for the class: kernels compile once.</summary>
    public sealed class Accelerator : IDisposable
    {
        public GpuKernels Kernels { get; } = GpuKernels.CreateCpu();

        public void Dispose() => Kernels.Dispose();
    }
}
