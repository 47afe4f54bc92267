using DataPrep.Images.Kernels;

namespace DataPrep.Images.Steps.Quality;

/// <summary>Gray-level statistics for the blank and blur checks.</summary>
internal static class ImageMetrics
{
    /// <summary>Longer side the metrics are computed at, so thresholds do not depend on resolution.</summary>
    public const int MetricSide = 256;

    /// <summary>A one-channel image scaled (area filter) so its longer side is at most <see cref="MetricSide"/>.</summary>
    public static PixelImage Normalised(PixelImage gray)
    {
        var longer = Math.Max(gray.Width, gray.Height);
        if (longer <= MetricSide) return gray;
        var scale = (double)MetricSide / longer;
        return Resample.Resize(gray, Math.Max(1, (int)Math.Round(gray.Width * scale)), Math.Max(1, (int)Math.Round(gray.Height * scale)), ResizeFilter.Area);
    }

    public static double StandardDeviation(PixelImage gray)
    {
        double sum = 0, sq = 0;
        foreach (var b in gray.Data) { sum += b; sq += b * b; }
        var n = gray.Data.Length;
        var mean = sum / n;
        return Math.Sqrt(Math.Max(0, sq / n - mean * mean));
    }

    /// <summary>Variance of the 4-neighbour Laplacian over interior pixels (0 for images under 3×3).</summary>
    public static double LaplacianVariance(PixelImage gray)
    {
        int w = gray.Width, h = gray.Height;
        if (w < 3 || h < 3) return 0;
        var d = gray.Data;
        double sum = 0, sq = 0;
        for (var y = 1; y < h - 1; y++)
        for (var x = 1; x < w - 1; x++)
        {
            var i = y * w + x;
            double v = d[i - 1] + d[i + 1] + d[i - w] + d[i + w] - 4 * d[i];
            sum += v; sq += v * v;
        }
        var n = (double)(w - 2) * (h - 2);
        var mean = sum / n;
        return sq / n - mean * mean;
    }
}
