using DataPrep.IO.Arrow;
using DataPrep.IO.Csv;
using DataPrep.IO.Images;
using DataPrep.IO.Parquet;

namespace DataPrep.IO;

/// <summary>Builds the reader or writer an options object names.</summary>
public static class Formats
{
    /// <param name="baseDirectory">Directory relative paths are resolved against (the pipeline file's).</param>
    public static IBatchSource CreateSource(SourceOptions options, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        if (options.Parquet is { } parquet) return new ParquetSource(parquet, baseDirectory);
        if (options.Arrow is { } arrow) return new ArrowIpcSource(arrow, baseDirectory);
        if (options.Csv is { } csv) return new CsvSource(csv, baseDirectory);
        if (options.Images is { } images) return new ImageFolderSource(images, baseDirectory);
        if (options.Memory is { } memory)
            throw new ArgumentException($"the memory source '{memory.Name}' has no batches bound to it; pass them with RunOptions.Inputs[\"{memory.Name}\"] or the builder's From(...)", nameof(options));
        throw new ArgumentException("the source names no format (parquet, arrow, csv or images)", nameof(options));
    }

    public static ISinkFormat CreateSink(SinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Parquet is { } parquet) return new ParquetSinkFormat(parquet);
        if (options.Arrow is { } arrow) return new ArrowIpcSinkFormat(arrow);
        if (options.Csv is { } csv) return new CsvSinkFormat(csv);
        if (options.ImageFolder is { } folder) return new ImageFolderSinkFormat(folder);
        if (options.Memory is not null) return MemorySinkFormat.Instance;
        throw new ArgumentException("the sink names no format (parquet, arrow, csv or image_folder)", nameof(options));
    }
}
