using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using DataPrep.Images.Kernels;
using SkiaSharp;

namespace DataPrep.Images.Codecs;

/// <summary>
/// The codec, on SkiaSharp (chosen by measurement: docs/IMAGES.md). Skia decodes to RGBA or gray;
/// other channel counts are converted here in one pass.
/// </summary>
public sealed class SkiaImageCodec : IImageCodec
{
    public static readonly SkiaImageCodec Instance = new();

    public ImageHeader ReadHeader(ReadOnlySpan<byte> encoded)
    {
        using var codec = Open(encoded, out var data);
        using (data) return Header(codec);
    }

    public PixelImage Decode(ReadOnlySpan<byte> encoded, long maxPixels, int channels = 3, int minWidth = 0, int minHeight = 0)
    {
        CheckChannels(channels);
        using var codec = Open(encoded, out var data);
        using var _ = data;
        return Decode(codec, Checked(Header(codec), maxPixels), channels, minWidth, minHeight);
    }

    public PixelImage DecodeRegion(ReadOnlySpan<byte> encoded, long maxPixels, int channels, int x, int y, int width, int height)
    {
        if (channels is not (3 or 4)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "3 or 4 channels");
        using var codec = Open(encoded, out var data);
        using var _ = data;
        return DecodeRegion(codec, Checked(Header(codec), maxPixels), channels, x, y, width, height);
    }

    /// <summary>One codec object for the header and the pixels (the default opens it twice).</summary>
    public (ImageHeader Header, PixelImage Image) DecodeWith(ReadOnlySpan<byte> encoded, long maxPixels, Func<ImageHeader, DecodeRequest> choose)
    {
        using var codec = Open(encoded, out var data);
        using var _ = data;
        var header = Header(codec);
        var request = choose(header);
        Checked(header, maxPixels);
        if (request.Region is not { } r)
        {
            CheckChannels(request.Channels);
            return (header, Decode(codec, header, request.Channels, request.MinWidth, request.MinHeight));
        }
        if (request.Channels is not (3 or 4)) throw new ArgumentOutOfRangeException(nameof(choose), request.Channels, "a region decodes to 3 or 4 channels");
        return (header, DecodeRegion(codec, header, request.Channels, r.X, r.Y, r.Width, r.Height));
    }

    private static void CheckChannels(int channels)
    {
        if (channels is not (1 or 3 or 4)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "1, 3 or 4 channels");
    }

    private static ImageHeader Checked(ImageHeader header, long maxPixels) => header.Pixels <= maxPixels ? header
        : throw new ImageDecodeException(ImageDecodeException.TooLarge, $"{header.Width}x{header.Height} is {header.Pixels} pixels, over the limit of {maxPixels}");

    private static unsafe PixelImage Decode(SKCodec codec, ImageHeader header, int channels, int minWidth, int minHeight)
    {
        var size = new SKSizeI(header.Width, header.Height);
        if (minWidth > 0 && minHeight > 0 && header.Width >= 2 * minWidth && header.Height >= 2 * minHeight)
        {
            var scaled = codec.GetScaledDimensions((float)Math.Max((double)minWidth / header.Width, (double)minHeight / header.Height));
            if (scaled.Width >= minWidth && scaled.Height >= minHeight) size = scaled;
        }
        // Skia converts colour to gray only from gray sources: decode RGBA and take luma here otherwise.
        var gray = channels == 1 && header.Channels == 1;
        var info = new SKImageInfo(size.Width, size.Height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, gray ? SKAlphaType.Opaque : SKAlphaType.Unpremul);
        var pooled = !gray && channels != 4; // converted into a buffer of our own, so Skia's can go back
        var pixels = Buffer(info.BytesSize, pooled);
        try
        {
            SKCodecResult result;
            fixed (byte* p = pixels) result = codec.GetPixels(info, (IntPtr)p);
            switch (result)
            {
                case SKCodecResult.Success:
                    break;
                case SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput:
                    throw new ImageDecodeException(ImageDecodeException.Truncated, $"{header.Format} data ends early or is damaged ({result})");
                default:
                    throw new ImageDecodeException(ImageDecodeException.Corrupt, $"cannot decode the {header.Format} data: {result}");
            }
            return FromSkia(pixels, size.Width, size.Height, channels, gray);
        }
        finally
        {
            Release(pixels, pooled);
        }
    }

    private static unsafe PixelImage DecodeRegion(SKCodec codec, ImageHeader header, int channels, int x, int y, int width, int height)
    {
        if (x < 0 || y < 0 || width <= 0 || height <= 0 || x + width > header.Width || y + height > header.Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"region {x},{y} {width}x{height} is not inside the {header.Width}x{header.Height} image");
        var info = new SKImageInfo(header.Width, header.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        if (header.Format == ImageFormat.Jpeg
            && codec.StartScanlineDecode(info, new SKCodecOptions(new SKRectI(x, 0, x + width, header.Height))) == SKCodecResult.Success)
        {
            if (!codec.SkipScanlines(y))
                throw new ImageDecodeException(ImageDecodeException.Truncated, "JPEG data ends early or is damaged (skipping rows)");
            var pooled = channels != 4;
            var pixels = Buffer(width * height * 4, pooled);
            try
            {
                int lines;
                fixed (byte* p = pixels) lines = codec.GetScanlines((IntPtr)p, height, width * 4);
                if (lines != height)
                    throw new ImageDecodeException(ImageDecodeException.Truncated, $"JPEG data ends early or is damaged ({lines} of {height} rows)");
                return FromSkia(pixels, width, height, channels, gray: false);
            }
            finally
            {
                Release(pixels, pooled);
            }
        }
        var whole = Decode(codec, header, channels, 0, 0);
        var region = new PixelImage(width, height, channels);
        for (var row = 0; row < height; row++)
            whole.Data.AsSpan(((y + row) * whole.Width + x) * channels, width * channels).CopyTo(region.Row(row));
        return region;
    }

    // Skia's RGBA buffer is converted to RGB or gray and dropped: it comes from the pool (no
    // large-object allocation and zeroing per image). Kept as the image's own pixels otherwise.
    private static byte[] Buffer(int bytes, bool pooled) => pooled ? ArrayPool<byte>.Shared.Rent(bytes) : new byte[bytes];

    private static void Release(byte[] pixels, bool pooled)
    {
        if (pooled) ArrayPool<byte>.Shared.Return(pixels);
    }

    /// <summary>Skia's RGBA (or gray) buffer as the pixels asked for.</summary>
    private static PixelImage FromSkia(byte[] pixels, int width, int height, int channels, bool gray)
    {
        var size = new SKSizeI(width, height);
        if (gray || channels == 4) return new PixelImage(size.Width, size.Height, channels, pixels);
        if (channels == 1)
        {
            var luma = new byte[size.Width * size.Height];
            for (int s = 0, d = 0; d < luma.Length; s += 4, d++) // the pooled buffer may be longer: bounded by luma
                luma[d] = (byte)((pixels[s] * 19595 + pixels[s + 1] * 38470 + pixels[s + 2] * 7471 + 32768) >> 16);
            return new PixelImage(size.Width, size.Height, 1, luma);
        }
        var rgb = GC.AllocateUninitializedArray<byte>(size.Width * size.Height * 3);
        RgbaToRgb(pixels.AsSpan(0, size.Width * size.Height * 4), rgb);
        return new PixelImage(size.Width, size.Height, 3, rgb);
    }

    /// <summary>Drops the alpha byte: 4 pixels per 16-byte shuffle (the 12-byte result is stored as 16, the tail rewritten by the next step).</summary>
    private static void RgbaToRgb(ReadOnlySpan<byte> rgba, Span<byte> rgb)
    {
        var n = rgb.Length / 3;
        var p = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var mask = Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 255, 255, 255, 255);
            ref var s = ref MemoryMarshal.GetReference(rgba);
            ref var d = ref MemoryMarshal.GetReference(rgb);
            for (; p + 6 <= n; p += 4)
                Vector128.Shuffle(Vector128.LoadUnsafe(ref s, (nuint)(p * 4)), mask).StoreUnsafe(ref d, (nuint)(p * 3));
        }
        for (; p < n; p++)
        {
            rgb[p * 3] = rgba[p * 4]; rgb[p * 3 + 1] = rgba[p * 4 + 1]; rgb[p * 3 + 2] = rgba[p * 4 + 2];
        }
    }

    public unsafe byte[] Encode(PixelImage image, ImageFormat format, int quality = 90)
    {
        var skFormat = format switch
        {
            ImageFormat.Png => SKEncodedImageFormat.Png,
            ImageFormat.Jpeg => SKEncodedImageFormat.Jpeg,
            ImageFormat.Webp => SKEncodedImageFormat.Webp,
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "encode to png, jpeg or webp"),
        };
        var gray = image.Channels == 1;
        var bytes = image.Data;
        if (image.Channels is 2 or 3)
        {
            bytes = new byte[image.Width * image.Height * 4];
            for (int s = 0, d = 0; d < bytes.Length; s += image.Channels, d += 4)
            {
                bytes[d] = image.Data[s];
                bytes[d + 1] = image.Data[s + (image.Channels == 3 ? 1 : 0)];
                bytes[d + 2] = image.Data[s + (image.Channels == 3 ? 2 : 0)];
                bytes[d + 3] = image.Channels == 3 ? (byte)255 : image.Data[s + 1];
            }
        }
        var info = new SKImageInfo(image.Width, image.Height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888,
            gray || image.Channels == 3 ? SKAlphaType.Opaque : SKAlphaType.Unpremul);
        fixed (byte* p = bytes)
        {
            using var pixmap = new SKPixmap(info, (IntPtr)p, info.RowBytes);
            using var encoded = pixmap.Encode(skFormat, quality)
                ?? throw new InvalidOperationException($"SkiaSharp could not encode a {image.Width}x{image.Height}x{image.Channels} image as {format}");
            return encoded.ToArray();
        }
    }

    private static unsafe SKCodec Open(ReadOnlySpan<byte> encoded, out SKData data)
    {
        if (encoded.IsEmpty) throw new ImageDecodeException(ImageDecodeException.Corrupt, "empty image data");
        fixed (byte* p = encoded) data = SKData.CreateCopy((IntPtr)p, encoded.Length);
        var codec = SKCodec.Create(new SKMemoryStream(data), out var result);
        if (codec is null)
        {
            data.Dispose();
            var reason = result == SKCodecResult.IncompleteInput && KnownSignature(encoded) ? ImageDecodeException.Truncated : ImageDecodeException.Corrupt;
            throw new ImageDecodeException(reason, $"not a readable image ({result}; first bytes {Convert.ToHexString(encoded[..Math.Min(8, encoded.Length)])})");
        }
        return codec;
    }

    /// <summary>Starts like PNG, JPEG, GIF, BMP or WebP: a failed open is then a truncation, not garbage.</summary>
    private static bool KnownSignature(ReadOnlySpan<byte> b) =>
        b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) || b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ||
        b.StartsWith("GIF8"u8) || b.StartsWith("BM"u8) || (b.Length >= 12 && b.StartsWith("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8));

    private static ImageHeader Header(SKCodec codec)
    {
        var info = codec.Info;
        var format = codec.EncodedFormat switch
        {
            SKEncodedImageFormat.Png => ImageFormat.Png,
            SKEncodedImageFormat.Jpeg => ImageFormat.Jpeg,
            SKEncodedImageFormat.Webp => ImageFormat.Webp,
            _ => ImageFormat.Other,
        };
        var channels = info.ColorType == SKColorType.Gray8 ? 1 : info.AlphaType == SKAlphaType.Opaque ? 3 : 4;
        return new ImageHeader(info.Width, info.Height, channels, format);
    }
}
