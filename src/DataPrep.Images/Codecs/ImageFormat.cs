namespace DataPrep.Images.Codecs;

/// <summary>An encoded image format.</summary>
public enum ImageFormat
{
    Png,
    Jpeg,
    Webp,

    /// <summary>Read only: any other format the codec recognises (GIF, BMP, ...).</summary>
    Other,
}
