namespace DataPrep.Images.Kernels.Reference;

/// <summary>Scalar reference for <see cref="ColorTransform"/> in double precision.</summary>
public static class ColorReference
{
    public static PixelImage Apply(PixelImage s, ColorMatrix m)
    {
        var o = new PixelImage(s.Width, s.Height, 3);
        for (var p = 0; p < s.Data.Length; p += 3)
        for (var c = 0; c < 3; c++)
        {
            double v = m.Offset[c];
            for (var k = 0; k < 3; k++) v += (double)m.M[c * 3 + k] * s.Data[p + k];
            o.Data[p + c] = ScalarMath.ToByte(v);
        }
        return o;
    }
}
