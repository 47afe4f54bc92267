namespace DataPrep.Images.Kernels.Reference;

/// <summary>Scalar reference for <see cref="Normalize"/> in double precision.</summary>
public static class NormalizeReference
{
    public static float[] ToChw(PixelImage s, float[] mean, float[] std)
    {
        var plane = s.Width * s.Height;
        var o = new float[plane * s.Channels];
        for (var p = 0; p < plane; p++)
        for (var c = 0; c < s.Channels; c++)
            o[c * plane + p] = (float)((s.Data[p * s.Channels + c] / 255.0 - mean[c]) / std[c]);
        return o;
    }
}
