using Apache.Arrow;

namespace DataPrep.IO;

/// <summary>
/// A configured input format. The engine resolves the files, checks their schemas agree, and
/// reads them in ordinal path order; a reader streams one file as record batches.
/// </summary>
public interface IBatchSource
{
    /// <summary>The files the pattern names, absolute, in ordinal order. Empty when none match.</summary>
    IReadOnlyList<string> ResolveFiles();

    /// <summary>Reads only what is needed for the schema (footer, header and inference sample).</summary>
    Task<Schema> ReadSchemaAsync(string file, CancellationToken cancellationToken);

    /// <summary>
    /// Streams the file. Batches hold at most <see cref="ReadRequest.BatchSize"/> rows, in file
    /// order, with only the requested columns (in schema order). Throws <see cref="InvalidDataException"/>
    /// (naming the file, and the line or row group where known) for bytes it cannot read.
    /// </summary>
    IAsyncEnumerable<RecordBatch> ReadAsync(string file, ReadRequest request, CancellationToken cancellationToken);
}
