namespace DataPrep.Images.Kernels;

/// <summary>A source rectangle in pixel coordinates (fractional edges allowed).</summary>
public readonly record struct CropRect(double X, double Y, double Width, double Height)
{
    public static CropRect Whole(PixelImage image) => new(0, 0, image.Width, image.Height);
}
