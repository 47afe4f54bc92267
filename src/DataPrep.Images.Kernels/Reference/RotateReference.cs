namespace DataPrep.Images.Kernels.Reference;

/// <summary>Scalar reference for <see cref="Rotate"/>: each source position computed directly, in double.</summary>
public static class RotateReference
{
    public static PixelImage Bilinear(PixelImage s, double degrees, byte[] fill)
    {
        var (sin, cos) = Math.SinCos(degrees * Math.PI / 180);
        int w = s.Width, h = s.Height, c = s.Channels;
        var o = new PixelImage(w, h, c);
        double At(int x, int y, int ch) => x >= 0 && y >= 0 && x < w && y < h ? s.Data[(y * w + x) * c + ch] : fill[ch];
        for (var y = 0; y < h; y++)
        for (var x = 0; x < w; x++)
        {
            double dx = x + 0.5 - w / 2.0, dy = y + 0.5 - h / 2.0;
            var sx = w / 2.0 + cos * dx - sin * dy - 0.5;
            var sy = h / 2.0 + sin * dx + cos * dy - 0.5;
            var x0 = (int)Math.Floor(sx); var y0 = (int)Math.Floor(sy);
            double fx = sx - x0, fy = sy - y0;
            for (var ch = 0; ch < c; ch++)
            {
                var v = (1 - fy) * ((1 - fx) * At(x0, y0, ch) + fx * At(x0 + 1, y0, ch))
                    + fy * ((1 - fx) * At(x0, y0 + 1, ch) + fx * At(x0 + 1, y0 + 1, ch));
                o.Data[(y * w + x) * c + ch] = ScalarMath.ToByte(v);
            }
        }
        return o;
    }
}
