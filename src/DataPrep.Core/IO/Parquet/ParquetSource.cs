using System.Runtime.CompilerServices;
using Apache.Arrow;
using DataPrep.IO.Files;
using Parquet;
using Parquet.Schema;

namespace DataPrep.IO.Parquet;

/// <summary>
/// Reads Parquet files row group by row group, strictly in file order. The columns of a row group
/// are decoded by up to <see cref="ReadRequest.Parallelism"/> workers (flat columns by our page
/// decoder on one shared file handle, the rest by Parquet.Net) while the last batches of the previous
/// row group are handed out; a row group is sliced into batches of at most <see cref="ReadRequest.BatchSize"/> rows.
/// </summary>
internal sealed class ParquetSource(ParquetSourceOptions options, string baseDirectory) : IBatchSource
{
    private static readonly string[] Extensions = [".parquet"];

    public IReadOnlyList<string> ResolveFiles() => FileResolver.Resolve(options.Path, baseDirectory, Extensions);

    public async Task<Schema> ReadSchemaAsync(string file, CancellationToken cancellationToken)
    {
        await using var reader = await OpenAsync(file, cancellationToken);
        return ParquetTypeMap.Plan(reader.Schema, null, file).Schema;
    }

    public async ValueTask<long?> CountRowsAsync(string file, CancellationToken cancellationToken)
    {
        await using var reader = await OpenAsync(file, cancellationToken);
        return reader.Metadata?.NumRows;
    }

    /// <summary>A row group of at most this many batches has the next one decoded from its first batch on.</summary>
    private const int EarlyDecodeBatches = 4;

    public async IAsyncEnumerable<SourceChunk> ReadAsync(string file, ReadRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batchSize = Math.Max(1, request.BatchSize);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = await OpenAsync(file, cancellationToken);
        ParquetRowGroupDecoder? decoder = null;
        Task<RecordBatch[]>? next = null;
        try
        {
            var (fields, schema) = ParquetTypeMap.Plan(reader.Schema, request.Columns, file);
            SchemaCheck.Require(schema, request.Expected, file);
            decoder = new ParquetRowGroupDecoder(file, reader, fields, schema, request.Parallelism) { Arrays = request.Arrays };
            var groups = reader.RowGroupCount;
            long row = 0;
            // The next row group is decoded (in parallel, column by column) while the last batches
            // of this one are handed out: at once for a group of a few batches, else once its last
            // batch is handed out, when the blocks downstream still hold several of its batches to
            // work on. Decoding a large group ahead from its first batch kept two whole groups in
            // memory for no gain in time (measured on 1M-row groups: peak 1.61 -> 1.32 GB, docs/BENCHMARKS.md).
            // A group comes as batches with arrays of their own, each let go here once handed out,
            // so a batch's memory returns when the pipeline is done with it.
            if (groups > 0) next = decoder.DecodeAsync(0, stop.Token, batchSize);
            for (var group = 0; group < groups; group++)
            {
                var batches = await next!;
                next = null;
                var early = batches.Length <= EarlyDecodeBatches;
                if (early && group + 1 < groups) next = decoder.DecodeAsync(group + 1, stop.Token, batchSize);
                for (var b = 0; b < batches.Length; b++)
                {
                    var batch = batches[b];
                    batches[b] = null!;
                    if (batch.Length == 0) continue;
                    yield return new SourceChunk(batch, row, null, []);
                    row += batch.Length;
                }
                if (!early && group + 1 < groups) next = decoder.DecodeAsync(group + 1, stop.Token, batchSize);
            }
        }
        finally
        {
            await stop.CancelAsync();
            if (next is not null)
            {
                try { await next.ConfigureAwait(false); }
                catch (Exception) { /* abandoned by the consumer; the first error was already thrown */ }
            }
            if (decoder is not null) await decoder.DisposeAsync();
            await reader.DisposeAsync();
        }
    }

    internal static async Task<ParquetReader> OpenAsync(string file, CancellationToken ct)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"{file}: file not found", file);
        try
        {
            return await ParquetReader.CreateAsync(file, ParquetTypeMap.ReaderOptions(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            throw new InvalidDataException($"{file}: not a readable Parquet file: {e.Message}", e);
        }
    }
}
