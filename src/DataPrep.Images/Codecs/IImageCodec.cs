using DataPrep.Images.Kernels;

namespace DataPrep.Images.Codecs;

/// <summary>
/// Decoding and encoding behind one interface. Every decode reads the header first and refuses an
/// image whose width × height is over the pixel limit before any pixel memory is allocated.
/// </summary>
public interface IImageCodec
{
    /// <summary>Width, height, channels and format from the header only; throws <see cref="ImageDecodeException"/> when the bytes are not an image.</summary>
    ImageHeader ReadHeader(ReadOnlySpan<byte> encoded);

    /// <summary>
    /// Decodes to interleaved pixels with <paramref name="channels"/> channels (1 gray, 3 RGB, 4 RGBA).
    /// When <paramref name="minWidth"/> and <paramref name="minHeight"/> are given and the source is
    /// at least twice as large, decodes at a reduced size (JPEG DCT scaling) no smaller than them.
    /// </summary>
    PixelImage Decode(ReadOnlySpan<byte> encoded, long maxPixels, int channels = 3, int minWidth = 0, int minHeight = 0);

    /// <summary>
    /// Decodes only the region x, y, width × height of the image (RGB or RGBA, full resolution).
    /// JPEG decodes just the rows and 8-pixel column blocks the region covers (libjpeg-turbo
    /// skip and crop); other formats decode whole and copy the region. The region's last column
    /// may differ slightly from a full decode (chroma upsampling at the cut): callers keep a margin.
    /// </summary>
    PixelImage DecodeRegion(ReadOnlySpan<byte> encoded, long maxPixels, int channels, int x, int y, int width, int height);

    /// <summary>
    /// Reads the header, lets <paramref name="choose"/> decide from it what to decode (it may throw
    /// <see cref="ImageDecodeException"/> to refuse the image), and decodes that, opening the codec
    /// once. The default reads the header and decodes separately; codecs override it to share the work.
    /// </summary>
    (ImageHeader Header, PixelImage Image) DecodeWith(ReadOnlySpan<byte> encoded, long maxPixels, Func<ImageHeader, DecodeRequest> choose)
    {
        var header = ReadHeader(encoded);
        var request = choose(header);
        var image = request.Region is { } r
            ? DecodeRegion(encoded, maxPixels, request.Channels, r.X, r.Y, r.Width, r.Height)
            : Decode(encoded, maxPixels, request.Channels, request.MinWidth, request.MinHeight);
        return (header, image);
    }

    /// <param name="quality">1–100 for JPEG and WebP; ignored for PNG.</param>
    byte[] Encode(PixelImage image, ImageFormat format, int quality = 90);
}
