using DataPrep.Images.Kernels;

namespace DataPrep.Tests.Kernels;

/// <summary>Seeded random images for the property tests: smooth gradients plus noise, odd sizes included.</summary>
internal static class TestImages
{
    public static PixelImage Random(int seed, int width, int height, int channels = 3)
    {
        var rng = new Random(seed); // test inputs only
        var image = new PixelImage(width, height, channels);
        var gx = rng.NextDouble() * 4; var gy = rng.NextDouble() * 4;
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        for (var c = 0; c < channels; c++)
            image.Data[(y * width + x) * channels + c] = (byte)Math.Clamp(gx * x + gy * y + c * 40 + rng.Next(-60, 61), 0, 255);
        return image;
    }

    /// <summary>Sizes that exercise vector remainders: tiny, odd, and wider than a 512-bit vector.</summary>
    public static IEnumerable<(int Seed, int Width, int Height)> Cases(int count)
    {
        var rng = new Random(count);
        for (var i = 0; i < count; i++) yield return (i, rng.Next(1, 70), rng.Next(1, 50));
    }

    /// <summary>Largest absolute difference and how many bytes differ by more than <paramref name="tolerance"/>.</summary>
    public static (int Max, int Over) Compare(PixelImage a, PixelImage b, int tolerance)
    {
        a.Data.Length.Should().Be(b.Data.Length);
        int max = 0, over = 0;
        for (var i = 0; i < a.Data.Length; i++)
        {
            var d = Math.Abs(a.Data[i] - b.Data[i]);
            max = Math.Max(max, d);
            if (d > tolerance) over++;
        }
        return (max, over);
    }
}
