using System.IO.Compression;
using Parquet;

namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// Page compression with the libraries and levels Parquet.Net 6.1 uses by default, so the compressed
/// bytes match: Snappy (Snappier), Zstd at level 19 (its default <see cref="ParquetOptions.CompressionLevel"/>,
/// <see cref="CompressionLevel.SmallestSize"/>, maps there), Gzip at <see cref="CompressionLevel.SmallestSize"/>.
/// The output buffer is kept for the next page.
/// </summary>
internal sealed class PageCompressor : IDisposable
{
    private const int ZstdLevel = 19;
    private byte[] _output = [];
    private ZstdSharp.Compressor? _zstd;
    private MemoryStream? _gzip;

    /// <summary>The codecs the page decoder reads too (Parquet.Net's <see cref="CompressionMethod"/> numbers are the format's codec ids).</summary>
    public static bool Supports(CompressionMethod codec) => PageDecompressor.IsSupported((global::Parquet.Meta.CompressionCodec)codec);

    /// <summary>The compressed page; valid until the next call.</summary>
    public ReadOnlySpan<byte> Compress(CompressionMethod codec, ReadOnlySpan<byte> page)
    {
        switch (codec)
        {
            case CompressionMethod.None:
                return page;
            case CompressionMethod.Snappy:
                Reserve(Snappier.Snappy.GetMaxCompressedLength(page.Length));
                return _output.AsSpan(0, Snappier.Snappy.Compress(page, _output));
            case CompressionMethod.Zstd:
                _zstd ??= new ZstdSharp.Compressor(ZstdLevel);
                Reserve(ZstdSharp.Compressor.GetCompressBound(page.Length));
                return _output.AsSpan(0, _zstd.Wrap(page, _output));
            case CompressionMethod.Gzip:
                // As Parquet.Net: the page through a GZipStream, flushed, then closed.
                _gzip ??= new MemoryStream();
                _gzip.SetLength(0);
                using (var gzip = new GZipStream(_gzip, CompressionLevel.SmallestSize, leaveOpen: true))
                {
                    gzip.Write(page);
                    gzip.Flush();
                }
                return _gzip.GetBuffer().AsSpan(0, (int)_gzip.Length);
            default:
                throw new NotSupportedException($"codec {codec} is left to Parquet.Net");
        }
    }

    public void Dispose()
    {
        _zstd?.Dispose();
        _gzip?.Dispose();
    }

    private void Reserve(int size)
    {
        if (_output.Length < size) _output = new byte[Math.Max(size, _output.Length * 2)];
    }
}
