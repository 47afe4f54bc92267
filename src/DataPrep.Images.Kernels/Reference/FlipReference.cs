namespace DataPrep.Images.Kernels.Reference;

/// <summary>Scalar reference for <see cref="Flip"/>.</summary>
public static class FlipReference
{
    public static PixelImage Horizontal(PixelImage s)
    {
        var o = new PixelImage(s.Width, s.Height, s.Channels);
        for (var y = 0; y < s.Height; y++)
        for (var x = 0; x < s.Width; x++)
        for (var c = 0; c < s.Channels; c++)
            o.Data[(y * s.Width + x) * s.Channels + c] = s.Data[(y * s.Width + s.Width - 1 - x) * s.Channels + c];
        return o;
    }

    public static PixelImage Vertical(PixelImage s)
    {
        var o = new PixelImage(s.Width, s.Height, s.Channels);
        for (var y = 0; y < s.Height; y++)
        for (var i = 0; i < s.Stride; i++)
            o.Data[y * s.Stride + i] = s.Data[(s.Height - 1 - y) * s.Stride + i];
        return o;
    }
}
