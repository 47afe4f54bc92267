using Apache.Arrow;

namespace DataPrep.IO;

/// <summary>
/// A configured input format. The engine resolves the files, checks their schemas agree, and
/// reads them in ordinal path order; a reader streams one file as chunks of Arrow batches.
/// </summary>
public interface IBatchSource
{
    /// <summary>The files the pattern names, absolute, in ordinal order. Empty when none match.</summary>
    IReadOnlyList<string> ResolveFiles();

    /// <summary>Reads only what is needed for the schema (footer, header and inference sample).</summary>
    Task<Schema> ReadSchemaAsync(string file, CancellationToken cancellationToken);

    /// <summary>
    /// Streams the file in order. Each chunk's batch holds at most <see cref="ReadRequest.BatchSize"/>
    /// rows, only the requested columns (in schema order). Rows that cannot be parsed (a CSV field
    /// that does not fit its column type, a wrong field count) are not in the batch but listed in
    /// <see cref="SourceChunk.BadRecords"/>. Throws <see cref="InvalidDataException"/> naming the file
    /// (and row group or line where known) when the file itself cannot be read.
    /// </summary>
    IAsyncEnumerable<SourceChunk> ReadAsync(string file, ReadRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The file's row count where the format stores it (a Parquet footer), else null. Only a hint for
    /// sizing state up front (the dedupe's table of seen keys); it never decides what is read.
    /// </summary>
    ValueTask<long?> CountRowsAsync(string file, CancellationToken cancellationToken) => ValueTask.FromResult<long?>(null);
}
