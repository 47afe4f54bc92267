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
}
