using DataPrep.Images.Kernels;
using DataPrep.Images.Kernels.Reference;

namespace DataPrep.Tests.Kernels;

public class ResampleTests
{
    // Tolerance: 1 level. The SIMD path rounds the vertical pass to float before the horizontal
    // pass; the reference sums in double, so values within float error of .5 may round apart.
    [Theory]
    [InlineData(ResizeFilter.Bilinear)]
    [InlineData(ResizeFilter.Bicubic)]
    [InlineData(ResizeFilter.Area)]
    [InlineData(ResizeFilter.BilinearNoAntialias)]
    public void Run_RandomCropsFlipsAndSizes_MatchesReferenceWithinOneLevel(ResizeFilter filter)
    {
        var rng = new Random(42);
        foreach (var (seed, w, h) in TestImages.Cases(40))
        {
            var channels = new[] { 1, 3, 4 }[seed % 3];
            var src = TestImages.Random(seed, w, h, channels);
            var cw = rng.NextDouble() * w + 0.5; var ch = rng.NextDouble() * h + 0.5;
            var crop = new CropRect(rng.NextDouble() * (w - cw + 0.5), rng.NextDouble() * (h - ch + 0.5), cw, ch);
            var (ow, oh) = (rng.Next(1, 90), rng.Next(1, 60));
            bool fh = rng.Next(2) == 1, fv = rng.Next(2) == 1;
            var fast = Resample.Run(src, crop, ow, oh, filter, fh, fv);
            var reference = ResampleReference.Run(src, crop, ow, oh, filter, fh, fv);
            TestImages.Compare(fast, reference, 1).Over.Should().Be(0, $"case {seed}: {w}x{h}x{channels} crop {crop} -> {ow}x{oh}");
        }
    }

    [Theory]
    [InlineData(ResizeFilter.Bilinear)]
    [InlineData(ResizeFilter.Bicubic)]
    [InlineData(ResizeFilter.Area)]
    public void Resize_SameSize_ReturnsInputExactly(ResizeFilter filter)
    {
        var src = TestImages.Random(3, 37, 21);
        Resample.Resize(src, 37, 21, filter).Data.Should().Equal(src.Data);
    }

    [Fact]
    public void Run_FlipFlagsOnWholeImage_EqualFlipKernels()
    {
        var src = TestImages.Random(5, 33, 17);
        Resample.Run(src, CropRect.Whole(src), 33, 17, ResizeFilter.Bilinear, flipHorizontal: true).Data.Should().Equal(FlipReference.Horizontal(src).Data);
        Resample.Run(src, CropRect.Whole(src), 33, 17, ResizeFilter.Bilinear, flipVertical: true).Data.Should().Equal(FlipReference.Vertical(src).Data);
    }

    [Fact]
    public void Build_Shrinking_WeightsSumToOneAndWidenForAntialiasing()
    {
        var table = ResampleTable.Build(512, 0, 512, 224, ResizeFilter.Bilinear, mirror: false);
        for (var o = 0; o < 224; o++)
            table.Weights.AsSpan(o * table.MaxTaps, table.Count[o]).ToArray().Sum().Should().BeApproximately(1f, 1e-5f);
        table.Count.Max().Should().BeGreaterThan(2, "a triangle filter shrinking by 2.3 spans more than 2 source pixels");
        ResampleTable.Build(512, 0, 512, 224, ResizeFilter.BilinearNoAntialias, mirror: false).Count.Max().Should().BeLessThanOrEqualTo(2, "without antialiasing bilinear reads two pixels");
    }

    [Fact]
    public void Resize_ConstantImage_StaysConstant()
    {
        var src = new PixelImage(64, 48, 3);
        Array.Fill(src.Data, (byte)77);
        Resample.Resize(src, 23, 11, ResizeFilter.Bicubic).Data.Should().OnlyContain(b => b == 77);
    }
}
