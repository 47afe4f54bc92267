namespace DataPrep.Images.Kernels.Reference;

/// <summary>
/// Scalar reference for <see cref="ResampleLinear"/> (<see cref="ResizeFilter.BilinearNoAntialias"/>),
/// the definition of its arithmetic, pixel by pixel with no row cache: both taps' horizontal sums
/// <c>h = (p0·w0 + p1·w1 + 8) &gt;&gt; 4</c> (11-bit weights, so h is the value × 128), then
/// <c>(h0·w0 + h1·w1 + 2¹⁷) &gt;&gt; 18</c>.
/// </summary>
public static class ResampleLinearReference
{
    public static PixelImage Run(PixelImage source, CropRect crop, int width, int height, bool flipHorizontal = false, bool flipVertical = false)
    {
        var tx = LinearTable.TryFrom(ResampleTable.Build(source.Width, crop.X, crop.Width, width, ResizeFilter.BilinearNoAntialias, flipHorizontal))!;
        var ty = LinearTable.TryFrom(ResampleTable.Build(source.Height, crop.Y, crop.Height, height, ResizeFilter.BilinearNoAntialias, flipVertical))!;
        var c = source.Channels;
        var output = new PixelImage(width, height, c);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        for (var ch = 0; ch < c; ch++)
        {
            int H(int sy) =>
                (source.Data[(sy * source.Width + tx.I0[x]) * c + ch] * tx.W0[x] + source.Data[(sy * source.Width + tx.I1[x]) * c + ch] * tx.W1[x] + 8) >> 4;
            output.Data[(y * width + x) * c + ch] = (byte)((H(ty.I0[y]) * ty.W0[y] + H(ty.I1[y]) * ty.W1[y] + (1 << 17)) >> 18);
        }
        return output;
    }
}
