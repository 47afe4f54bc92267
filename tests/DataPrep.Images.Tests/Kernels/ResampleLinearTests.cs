using DataPrep.Images.Kernels;
using DataPrep.Images.Kernels.Reference;
using DataPrep.Images.Kernels.Simd;

namespace DataPrep.Tests.Kernels;

/// <summary>
/// The fixed-point two-tap path (<see cref="ResizeFilter.BilinearNoAntialias"/>): byte for byte
/// its scalar reference on every instruction set (CI re-runs this class with AVX-512, AVX2 and all
/// intrinsics switched off), and within one level of the double-precision float reference.
/// </summary>
public class ResampleLinearTests
{
    // Small odd sizes (vector remainders, rows shorter than a window), wide rows (the 128-byte
    // VBMI and 32-byte SSSE3 windows), upscaling, and shrinking by up to 8 (chunks whose taps
    // do not fit a window go scalar).
    public static IEnumerable<(int Seed, int W, int H, int Channels, CropRect Crop, int OutW, int OutH, bool FlipH, bool FlipV)> Cases()
    {
        var rng = new Random(11);
        var sizes = TestImages.Cases(30).Select(c => (c.Seed, c.Width, c.Height))
            .Concat(Enumerable.Range(100, 14).Select(i => (i, rng.Next(100, 520), rng.Next(40, 200))));
        foreach (var (seed, w, h) in sizes)
        {
            var channels = new[] { 1, 3, 4 }[seed % 3];
            var cw = rng.NextDouble() * w + 0.5; var ch = rng.NextDouble() * h + 0.5;
            var crop = new CropRect(rng.NextDouble() * (w - cw + 0.5), rng.NextDouble() * (h - ch + 0.5), cw, ch);
            var shrink = rng.Next(3) switch { 0 => 0.5 + rng.NextDouble(), 1 => 1 + rng.NextDouble() * 3, _ => 4 + rng.NextDouble() * 4 };
            var (ow, oh) = (Math.Max(1, (int)(cw / shrink)), Math.Max(1, (int)(ch / shrink)));
            yield return (seed, w, h, channels, crop, ow, oh, rng.Next(2) == 1, rng.Next(2) == 1);
        }
    }

    [Fact]
    public void Run_RandomCropsFlipsAndSizes_EqualFixedPointReferenceExactly()
    {
        foreach (var (seed, w, h, channels, crop, ow, oh, fh, fv) in Cases())
        {
            var src = TestImages.Random(seed, w, h, channels);
            var fast = Resample.Run(src, crop, ow, oh, ResizeFilter.BilinearNoAntialias, fh, fv);
            var reference = ResampleLinearReference.Run(src, crop, ow, oh, fh, fv);
            var (max, _) = TestImages.Compare(fast, reference, 0);
            max.Should().Be(0, $"case {seed}: {w}x{h}x{channels} crop {crop} -> {ow}x{oh} flips {fh}/{fv} on {Lanes.Width}-bit lanes");
        }
    }

    // Tolerance 1 level: the 11-bit weights and the 16-bit intermediate (value × 128) move the sum
    // by less than 0.1 level, so only sums within that of .5 round to the other neighbour.
    [Fact]
    public void Run_RandomCropsFlipsAndSizes_WithinOneLevelOfFloatReference()
    {
        long values = 0, differ = 0;
        foreach (var (seed, w, h, channels, crop, ow, oh, fh, fv) in Cases())
        {
            var src = TestImages.Random(seed, w, h, channels);
            var fixedPoint = Resample.Run(src, crop, ow, oh, ResizeFilter.BilinearNoAntialias, fh, fv);
            var exact = ResampleReference.Run(src, crop, ow, oh, ResizeFilter.BilinearNoAntialias, fh, fv);
            var (max, over) = TestImages.Compare(fixedPoint, exact, 0);
            max.Should().BeLessThanOrEqualTo(1, $"case {seed}: {w}x{h}x{channels} crop {crop} -> {ow}x{oh}");
            values += fixedPoint.Data.Length;
            differ += over;
        }
        ((double)differ / values).Should().BeLessThan(0.05, "only sums near .5 may round the other way");
    }

    [Fact]
    public void Resize_ConstantImage_StaysConstant()
    {
        foreach (var value in new byte[] { 0, 1, 77, 128, 254, 255 })
        {
            var src = new PixelImage(300, 70, 3);
            Array.Fill(src.Data, value);
            Resample.Resize(src, 131, 29, ResizeFilter.BilinearNoAntialias).Data.Should().OnlyContain(b => b == value);
            Resample.Resize(src, 517, 90, ResizeFilter.BilinearNoAntialias).Data.Should().OnlyContain(b => b == value);
        }
    }

    [Fact]
    public void Resize_SameSize_ReturnsInputExactly()
    {
        var src = TestImages.Random(8, 211, 37);
        Resample.Resize(src, 211, 37, ResizeFilter.BilinearNoAntialias).Data.Should().Equal(src.Data);
    }

    [Fact]
    public void TryFrom_Shrinking_WeightsSumToOneInElevenBits()
    {
        var table = LinearTable.TryFrom(ResampleTable.Build(512, 0, 512, 224, ResizeFilter.BilinearNoAntialias, mirror: false))!;
        for (var i = 0; i < table.Length; i++)
        {
            (table.W0[i] + table.W1[i]).Should().Be(LinearTable.One);
            table.I1[i].Should().BeInRange(table.I0[i], Math.Min(table.I0[i] + 1, 511));
        }
        LinearTable.TryFrom(ResampleTable.Build(512, 0, 512, 224, ResizeFilter.Bilinear, mirror: false)).Should().BeNull("antialiased bilinear has more taps");
    }

    [Fact]
    public void Build_RandomGeometries_EqualsTheFloatTableConverted()
    {
        var rng = new Random(5);
        for (var i = 0; i < 2000; i++)
        {
            var inSize = rng.Next(1, 700);
            var length = i % 7 == 0 ? rng.Next(1, 700) : rng.NextDouble() * inSize + 0.01;
            var start = i % 5 == 0 ? rng.Next(-20, inSize) : (rng.NextDouble() * 1.2 - 0.1) * inSize;
            var outSize = rng.Next(1, 400);
            var mirror = rng.Next(2) == 1;
            var direct = LinearTable.Build(inSize, start, length, outSize, mirror);
            var converted = LinearTable.TryFrom(ResampleTable.Build(inSize, start, length, outSize, ResizeFilter.BilinearNoAntialias, mirror))!;
            var what = $"in {inSize} from {start} length {length} -> {outSize} mirror {mirror}";
            direct.I0.Should().Equal(converted.I0, what);
            direct.I1.Should().Equal(converted.I1, what);
            direct.W0.Should().Equal(converted.W0, what);
            direct.W1.Should().Equal(converted.W1, what);
        }
    }

    [Fact]
    public void Build_WideShrink_SendsChunksOutsideAWindowToTheScalarLoop()
    {
        var x = LinearTable.TryFrom(ResampleTable.Build(1024, 0, 1024, 64, ResizeFilter.BilinearNoAntialias, mirror: false))!;
        var table = LinearRowTable.Build(x, 3, 1024 * 3);
        var src = TestImages.Random(9, 1024, 8);
        Resample.Resize(src, 64, 4, ResizeFilter.BilinearNoAntialias).Data.Should().Equal(ResampleLinearReference.Run(src, CropRect.Whole(src), 64, 4).Data);
        var bases = table.Base512 ?? table.Base128;
        if (bases is null) return; // scalar machine (or knob): every chunk is scalar anyway
        bases.Should().Contain(-1, "shrinking by 16 spreads 32 values over more than a window");
    }
}
