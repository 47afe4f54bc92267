using DataPrep.Images.Kernels;
using DataPrep.Images.Kernels.Reference;

namespace DataPrep.Tests.Kernels;

public class PointKernelTests
{
    [Fact]
    public void Flip_RandomImages_EqualsReferenceExactly()
    {
        foreach (var (seed, w, h) in TestImages.Cases(40))
        {
            var src = TestImages.Random(seed, w, h, new[] { 1, 3, 4 }[seed % 3]);
            Flip.Horizontal(src).Data.Should().Equal(FlipReference.Horizontal(src).Data, $"case {seed} {w}x{h}");
            Flip.Vertical(src).Data.Should().Equal(FlipReference.Vertical(src).Data);
        }
    }

    // Tolerance 1 level: float vs double accumulation near .5.
    [Fact]
    public void ColorTransform_RandomJitters_MatchReferenceWithinOneLevel()
    {
        var rng = new Random(7);
        foreach (var (seed, w, h) in TestImages.Cases(40))
        {
            var src = TestImages.Random(seed, w, h);
            var m = ColorMatrix.Jitter(0.6 + rng.NextDouble() * 0.8, 0.6 + rng.NextDouble() * 0.8, rng.NextDouble() * 2, rng.NextDouble() - 0.5, ColorTransform.MeanGray(src));
            TestImages.Compare(ColorTransform.Apply(src, m), ColorReference.Apply(src, m), 1).Over.Should().Be(0, $"case {seed} {w}x{h}");
        }
    }

    [Fact]
    public void Jitter_IdentityFactors_LeavesImageUnchanged()
    {
        var src = TestImages.Random(1, 40, 30);
        var m = ColorMatrix.Jitter(1, 1, 1, 0, ColorTransform.MeanGray(src));
        TestImages.Compare(ColorTransform.Apply(src, m), src, 1).Over.Should().Be(0);
    }

    [Fact]
    public void Grayscale_AnyImage_GivesEqualChannels()
    {
        var gray = ColorTransform.Apply(TestImages.Random(2, 41, 13), ColorMatrix.Grayscale());
        for (var i = 0; i < gray.Data.Length; i += 3) (gray.Data[i] == gray.Data[i + 1] && gray.Data[i] == gray.Data[i + 2]).Should().BeTrue();
    }

    [Fact]
    public void Blur_RandomImages_MatchReferenceWithinOneLevel()
    {
        foreach (var (seed, w, h) in TestImages.Cases(20))
        {
            var src = TestImages.Random(seed, w, h, new[] { 1, 3, 4 }[seed % 3]);
            var sigma = 0.5 + seed % 4 * 0.6;
            TestImages.Compare(Blur.Gaussian(src, sigma), BlurReference.Gaussian(src, sigma), 1).Over.Should().Be(0, $"case {seed}");
        }
    }

    // Tolerance 1e-5: float FMA vs double.
    [Fact]
    public void Normalize_RandomImages_MatchesReference()
    {
        float[] mean = [0.485f, 0.456f, 0.406f], std = [0.229f, 0.224f, 0.225f];
        foreach (var (seed, w, h) in TestImages.Cases(30))
        {
            var src = TestImages.Random(seed, w, h);
            var fast = Normalize.ToChw(src, mean, std);
            var reference = NormalizeReference.ToChw(src, mean, std);
            for (var i = 0; i < fast.Length; i++) fast[i].Should().BeApproximately(reference[i], 1e-5f);
        }
    }

    // Rotation: within 1 level except where float and double coordinates fall on opposite sides of
    // the image edge (a fill-colour neighbour): allowed on at most 0.5% of values.
    [Fact]
    public void Rotate_RandomAngles_MatchesReference()
    {
        var rng = new Random(9);
        foreach (var (seed, w, h) in TestImages.Cases(20))
        {
            var src = TestImages.Random(seed, w, h);
            var angle = rng.NextDouble() * 720 - 360;
            byte[] fill = [10, 20, 30];
            var (_, over) = TestImages.Compare(Rotate.Bilinear(src, angle, fill), RotateReference.Bilinear(src, angle, fill), 1);
            over.Should().BeLessThanOrEqualTo(Math.Max(1, src.Data.Length / 200), $"case {seed} angle {angle}");
        }
    }

    // Wide enough for many 8-pixel blocks per row: wholly inside, mixed (vector + scalar redo of the
    // border lanes) and wholly outside (vector fill), for RGB and RGBA.
    [Theory]
    [InlineData(3, 17.0)]
    [InlineData(3, -128.5)]
    [InlineData(4, 17.0)]
    [InlineData(4, 71.25)]
    public void Rotate_LargeImages_MatchesReference(int channels, double angle)
    {
        var src = TestImages.Random(31, 173, 121, channels);
        byte[] fill = channels == 3 ? [200, 10, 90] : [200, 10, 90, 255];
        var (_, over) = TestImages.Compare(Rotate.Bilinear(src, angle, fill), RotateReference.Bilinear(src, angle, fill), 1);
        over.Should().BeLessThanOrEqualTo(src.Data.Length / 200, $"{channels} channels, angle {angle}");
    }

    [Fact]
    public void Rotate_FullTurn_ReturnsInput()
    {
        var src = TestImages.Random(4, 20, 20);
        TestImages.Compare(Rotate.Bilinear(src, 360, [0, 0, 0]), src, 1).Over.Should().Be(0);
    }

    [Fact]
    public void Noise_RandomImages_EqualsReferenceWithinOneLevel()
    {
        foreach (var (seed, w, h) in TestImages.Cases(20))
        {
            var src = TestImages.Random(seed, w, h);
            TestImages.Compare(Noise.Gaussian(src, 12, (uint)seed), NoiseReference.Gaussian(src, 12, (uint)seed), 1).Over.Should().Be(0);
        }
    }

    [Fact]
    public void Noise_Values_HaveUnitVariance()
    {
        double sum = 0, sq = 0; const int n = 100_000;
        for (uint i = 0; i < n; i++) { var g = Noise.Gauss(5, i); sum += g; sq += g * g; }
        (sum / n).Should().BeApproximately(0, 0.02);
        (sq / n).Should().BeApproximately(1, 0.03);
    }

    // The into-buffer overloads the augment step uses: a dirty, reused output gives the same bytes
    // as a fresh allocation, and writing over the source is refused.
    [Fact]
    public void IntoOverloads_ReusedDirtyBuffers_EqualAllocatingVersions()
    {
        foreach (var (seed, w, h) in TestImages.Cases(12))
        {
            var src = TestImages.Random(seed, w, h);
            var dirty = TestImages.Random(seed + 100, w, h);
            var m = ColorMatrix.Jitter(1.2, 0.8, 1.4, 0.1, ColorTransform.MeanGray(src));
            Flip.Horizontal(src, dirty);
            dirty.Data.Should().Equal(Flip.Horizontal(src).Data);
            ColorTransform.Apply(src, m, dirty);
            dirty.Data.Should().Equal(ColorTransform.Apply(src, m).Data);
            Blur.Gaussian(src, 1.3, dirty);
            dirty.Data.Should().Equal(Blur.Gaussian(src, 1.3).Data);
            Rotate.Bilinear(src, 33, [1, 2, 3], dirty);
            dirty.Data.Should().Equal(Rotate.Bilinear(src, 33, [1, 2, 3]).Data);
            Noise.Gaussian(src, 9, 4, dirty);
            dirty.Data.Should().Equal(Noise.Gaussian(src, 9, 4).Data);
        }
        var img = TestImages.Random(1, 30, 20);
        FluentActions.Invoking(() => Flip.Horizontal(img, img)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Blur.Gaussian(img, 1, img)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => ColorTransform.Apply(img, ColorMatrix.Grayscale(), new PixelImage(29, 20, 3))).Should().Throw<ArgumentException>();
    }

    // Extreme factors leave the 16-bit fixed-point range: the float path takes over, same tolerance.
    [Fact]
    public void ColorTransform_ExtremeFactors_MatchReferenceWithinOneLevel()
    {
        foreach (var (seed, w, h) in TestImages.Cases(10))
        {
            var src = TestImages.Random(seed, w, h);
            var m = ColorMatrix.Jitter(4, 3, 3, 0.4, ColorTransform.MeanGray(src));
            TestImages.Compare(ColorTransform.Apply(src, m), ColorReference.Apply(src, m), 1).Over.Should().Be(0, $"case {seed} {w}x{h}");
        }
    }

    [Fact]
    public void MeanGray_WideImage_EqualsDirectSum()
    {
        var src = TestImages.Random(3, 700, 9);
        double sum = 0; long n = 0;
        for (var y = 0; y < src.Height; y += 4)
        for (var x = 0; x < src.Width; x++, n++)
        {
            var i = (y * src.Width + x) * 3;
            sum += ColorMatrix.Luma[0] * (double)src.Data[i] + ColorMatrix.Luma[1] * (double)src.Data[i + 1] + ColorMatrix.Luma[2] * (double)src.Data[i + 2];
        }
        ColorTransform.MeanGray(src).Should().BeApproximately(sum / n, 1e-6);
    }
}
