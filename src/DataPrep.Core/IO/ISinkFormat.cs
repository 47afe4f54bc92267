using Apache.Arrow;

namespace DataPrep.IO;

/// <summary>A configured output format.</summary>
public interface ISinkFormat
{
    /// <summary>File extension with the dot, e.g. <c>.parquet</c>.</summary>
    string Extension { get; }

    IBatchWriter Create(Stream output, Schema schema);
}
