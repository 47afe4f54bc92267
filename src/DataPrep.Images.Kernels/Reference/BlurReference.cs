namespace DataPrep.Images.Kernels.Reference;

/// <summary>Scalar reference for <see cref="Blur"/>: the direct 2-D sum with replicated edges, in double.</summary>
public static class BlurReference
{
    public static PixelImage Gaussian(PixelImage s, double sigma)
    {
        var k = Blur.Kernel(sigma);
        var r = k.Length / 2;
        var o = new PixelImage(s.Width, s.Height, s.Channels);
        for (var y = 0; y < s.Height; y++)
        for (var x = 0; x < s.Width; x++)
        for (var c = 0; c < s.Channels; c++)
        {
            double v = 0;
            for (var i = 0; i < k.Length; i++)
            for (var j = 0; j < k.Length; j++)
            {
                var sy = Math.Clamp(y + i - r, 0, s.Height - 1);
                var sx = Math.Clamp(x + j - r, 0, s.Width - 1);
                v += (double)k[i] * k[j] * s.Data[(sy * s.Width + sx) * s.Channels + c];
            }
            o.Data[(y * s.Width + x) * s.Channels + c] = ScalarMath.ToByte(v);
        }
        return o;
    }
}
