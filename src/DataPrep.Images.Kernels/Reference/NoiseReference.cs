namespace DataPrep.Images.Kernels.Reference;

/// <summary>Scalar reference for <see cref="Noise"/>.</summary>
public static class NoiseReference
{
    public static PixelImage Gaussian(PixelImage s, double sigma, uint key)
    {
        var o = new PixelImage(s.Width, s.Height, s.Channels);
        for (var i = 0; i < s.Data.Length; i++) o.Data[i] = ScalarMath.ToByte(s.Data[i] + sigma * Noise.Gauss(key, (uint)i));
        return o;
    }
}
