namespace DataPrep.IO;

/// <summary>Parquet page compression.</summary>
public enum ParquetCompression
{
    None,
    Snappy,
    Gzip,
    Zstd,
    Lz4Raw,
    Brotli,
}
