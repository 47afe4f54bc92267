using DataPrep.Images.Kernels;

namespace DataPrep.Images.Steps.DedupeImages;

/// <summary>64-bit perceptual hashes of a gray image.</summary>
internal static class PerceptualHasher
{
    private const int DctSize = 32;
    private static readonly double[] Cosines = BuildCosines();

    /// <summary>
    /// pHash: area-resize to 32×32, 2-D DCT-II, keep the 8×8 lowest frequencies, one bit per
    /// coefficient above their median (the DC term excluded from the median, as usual).
    /// </summary>
    public static ulong Phash(PixelImage gray)
    {
        var small = Resample.Resize(gray, DctSize, DctSize, ResizeFilter.Area).Data;
        // Rows then columns, only the 8 lowest frequencies of each.
        var rows = new double[DctSize * 8];
        for (var y = 0; y < DctSize; y++)
        for (var u = 0; u < 8; u++)
        {
            double s = 0;
            for (var x = 0; x < DctSize; x++) s += small[y * DctSize + x] * Cosines[u * DctSize + x];
            rows[y * 8 + u] = s;
        }
        var coef = new double[64];
        for (var v = 0; v < 8; v++)
        for (var u = 0; u < 8; u++)
        {
            double s = 0;
            for (var y = 0; y < DctSize; y++) s += rows[y * 8 + u] * Cosines[v * DctSize + y];
            coef[v * 8 + u] = s;
        }
        var sorted = coef[1..].Order().ToArray();
        var median = (sorted[31] + sorted[32]) / 2;
        ulong hash = 0;
        for (var i = 0; i < 64; i++) if (coef[i] > median) hash |= 1UL << i;
        return hash;
    }

    /// <summary>dHash: area-resize to 9×8; bit set where a pixel is brighter than its right neighbour.</summary>
    public static ulong Dhash(PixelImage gray)
    {
        var small = Resample.Resize(gray, 9, 8, ResizeFilter.Area).Data;
        ulong hash = 0;
        for (var y = 0; y < 8; y++)
        for (var x = 0; x < 8; x++)
            if (small[y * 9 + x] > small[y * 9 + x + 1]) hash |= 1UL << (y * 8 + x);
        return hash;
    }

    private static double[] BuildCosines()
    {
        var c = new double[8 * DctSize];
        for (var u = 0; u < 8; u++)
        for (var x = 0; x < DctSize; x++)
            c[u * DctSize + x] = Math.Cos((2 * x + 1) * u * Math.PI / (2 * DctSize));
        return c;
    }
}
