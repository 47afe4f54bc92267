using System.IO.Compression;
using Parquet.Meta;

namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// Decompresses page bodies into a caller's buffer of exactly the size the page header declares
/// (uncompressed pages are read in place by the caller, not copied here).
/// Codecs: uncompressed, Snappy (<see cref="SnappyBlock"/>, straight into the target), Zstd (ZstdSharp), Gzip (System.IO.Compression);
/// <see cref="IsSupported"/> is false for the others, whose chunks go to Parquet.Net.
/// </summary>
internal static class PageDecompressor
{
    public static bool IsSupported(CompressionCodec codec) =>
        codec is CompressionCodec.UNCOMPRESSED or CompressionCodec.SNAPPY or CompressionCodec.ZSTD or CompressionCodec.GZIP;

    public static void Decompress(CompressionCodec codec, ReadOnlySpan<byte> source, Span<byte> target)
    {
        int written;
        try
        {
            written = codec switch
            {
                CompressionCodec.SNAPPY => Snappy(source, target),
                CompressionCodec.ZSTD => Zstd(source, target),
                CompressionCodec.GZIP => Gzip(source, target),
                _ => throw new NotSupportedException($"codec {codec} is not decoded here"),
            };
        }
        catch (Exception e) when (e is not InvalidDataException and not NotSupportedException and not OutOfMemoryException)
        {
            throw new InvalidDataException($"{codec} page does not decompress ({e.GetType().Name}: {e.Message})", e);
        }
        if (written != target.Length)
            throw new InvalidDataException($"{codec} page decompresses to {written} bytes, not the {target.Length} its header declares");
    }

    private static int Snappy(ReadOnlySpan<byte> source, Span<byte> target)
    {
        var length = SnappyBlock.DeclaredLength(source);
        if (length != target.Length) return length;
        SnappyBlock.Decompress(source, target);
        return length;
    }

    private static int Zstd(ReadOnlySpan<byte> source, Span<byte> target)
    {
        using var decompressor = new ZstdSharp.Decompressor();
        return decompressor.Unwrap(source, target);
    }

    private static unsafe int Gzip(ReadOnlySpan<byte> source, Span<byte> target)
    {
        fixed (byte* p = source)
        {
            using var input = new UnmanagedMemoryStream(p, source.Length);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            var total = 0;
            int read;
            while (total < target.Length && (read = gzip.Read(target[total..])) > 0) total += read;
            // More output than declared is a size mismatch too.
            Span<byte> extra = stackalloc byte[1];
            return total == target.Length && gzip.Read(extra) > 0 ? total + 1 : total;
        }
    }
}
