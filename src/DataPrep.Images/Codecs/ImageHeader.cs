namespace DataPrep.Images.Codecs;

/// <summary>What an image's header says, read without decoding pixels.</summary>
/// <param name="Channels">1 for gray, 4 when the image has alpha, else 3.</param>
public readonly record struct ImageHeader(int Width, int Height, int Channels, ImageFormat Format)
{
    public long Pixels => (long)Width * Height;
}
