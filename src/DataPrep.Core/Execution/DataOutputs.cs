using System.Text;
using Apache.Arrow;
using DataPrep.Commit;
using DataPrep.Data;
using DataPrep.IO;

namespace DataPrep.Execution;

/// <summary>
/// The data files of a run: one <c>data/part-00000</c> file, or with the sink's <c>partition_by</c>
/// one folder per value of a string column (<c>data/train/part-00000.parquet</c>, ...), created in
/// the order values first appear. Rows keep their order within each file, so the bytes depend on
/// the rows only. The partition column stays in the files.
/// </summary>
internal sealed class DataOutputs(string staging, ISinkFormat sink, Schema schema, string? partitionBy) : IBatchWriter
{
    /// <summary>More folders than this is a mistake (an id column named as the partition), not a layout.</summary>
    public const int MaxPartitions = 1_000;

    private readonly int _column = partitionBy is null ? -1 : schema.GetFieldIndex(partitionBy);
    private readonly Dictionary<string, (string Relative, HashingStream Stream, IBatchWriter Writer)> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _rows = new(StringComparer.Ordinal);

    /// <summary>The partition column must reach the sink as a string column; checked before any data is read.</summary>
    public static IEnumerable<Definition.Diagnostic> Check(Definition.PipelineDefinition definition, Schema output)
    {
        if (definition.Sink.PartitionBy is not { } column) yield break;
        var format = definition.Sink.Parquet is not null ? "parquet" : definition.Sink.Arrow is not null ? "arrow" : "csv";
        var path = $"sink.{format}.partition_by";
        if (definition.Refresh.Incremental)
        {
            yield return new(definition.Map.Find(path), Definition.DiagnosticCodes.BadValue, path,
                "partition_by cannot be combined with refresh.incremental (the incremental layout keeps one part per input); remove one of them");
            yield break;
        }
        var index = output.GetFieldIndex(column);
        if (index < 0)
            yield return new(definition.Map.Find(path), Definition.DiagnosticCodes.UnknownColumn, path,
                $"column '{column}' does not reach the sink; columns are: {string.Join(", ", output.FieldsList.Select(f => f.Name))}");
        else if (output.GetFieldByIndex(index).DataType is not Apache.Arrow.Types.StringType)
            yield return new(definition.Map.Find(path), Definition.DiagnosticCodes.ColumnType, path,
                $"partition column '{column}' is {ColumnTypes.Format(output.GetFieldByIndex(index).DataType)}; partition by a string column (such as split)");
    }

    /// <summary>Creates the unpartitioned file at once, so an empty run still writes one.</summary>
    public void Open()
    {
        if (_column < 0) File("");
    }

    public async Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        if (_column < 0)
        {
            await Write("", batch, cancellationToken).ConfigureAwait(false);
            return;
        }
        var values = (StringArray)batch.Column(_column);
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var row = 0; row < batch.Length; row++)
        {
            var folder = Folder(values.IsNull(row) ? null : values.GetString(row));
            if (!groups.TryGetValue(folder, out var rows)) { groups[folder] = rows = []; order.Add(folder); }
            rows.Add(row);
        }
        foreach (var folder in order)
        {
            if (groups[folder].Count == batch.Length) { await Write(folder, batch, cancellationToken).ConfigureAwait(false); continue; }
            using var part = ArrowTake.Take(batch, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(groups[folder]));
            await Write(folder, part, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes the rows of <paramref name="batch"/> at <paramref name="rows"/> (ascending; null: all): taken
    /// by the writer while it buffers them where it can (<see cref="IRowTakingWriter"/>, one file), else
    /// copied out first (the planner leaves rows to the sink only for the first case; the second keeps
    /// any other use correct).
    /// </summary>
    public async Task WriteAsync(RecordBatch batch, int[]? rows, CancellationToken cancellationToken)
    {
        if (rows is null)
        {
            await WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (_column < 0 && File("") is IRowTakingWriter taking)
        {
            _rows[""] += rows.Length;
            await taking.WriteRowsAsync(batch, rows, cancellationToken).ConfigureAwait(false);
            return;
        }
        using var kept = ArrowTake.Take(batch, rows);
        await WriteAsync(kept, cancellationToken).ConfigureAwait(false);
    }

    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        foreach (var file in _files.Values) await file.Writer.FinishAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>SHA-256 of each file by path relative to the staging folder; read after <see cref="FinishAsync"/>.</summary>
    public IReadOnlyDictionary<string, string> Checksums => _files.Values.ToDictionary(f => f.Relative, f => f.Stream.Sha256);

    /// <summary>Rows written to each file, by the same paths.</summary>
    public IReadOnlyDictionary<string, long> Rows => _files.ToDictionary(f => f.Value.Relative, f => _rows[f.Key]);

    /// <summary>Closes every file, even when one fails to close; the first failure is rethrown.</summary>
    public async ValueTask DisposeAsync()
    {
        Exception? first = null;
        foreach (var file in _files.Values)
        {
            foreach (var item in new IAsyncDisposable[] { file.Writer, file.Stream })
            {
                try { await item.DisposeAsync().ConfigureAwait(false); }
                catch (Exception e) { first ??= e; }
            }
        }
        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
    }

    private Task Write(string folder, RecordBatch batch, CancellationToken cancellationToken)
    {
        var writer = File(folder);
        _rows[folder] += batch.Length;
        return writer.WriteAsync(batch, cancellationToken);
    }

    private IBatchWriter File(string folder)
    {
        if (_files.TryGetValue(folder, out var file)) return file.Writer;
        if (_files.Count >= MaxPartitions)
            throw new InvalidDataException($"partition_by '{partitionBy}' has more than {MaxPartitions} distinct values; partition by a column with few values (such as split)");
        var relative = folder.Length == 0 ? $"data/part-00000{sink.Extension}" : $"data/{folder}/part-00000{sink.Extension}";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(staging, relative))!);
        var handle = System.IO.File.OpenHandle(Path.Combine(staging, relative), FileMode.CreateNew, FileAccess.Write, FileShare.None);
        var stream = new HashingStream(new FileStream(handle, FileAccess.Write, 1 << 20), writeback: handle);
        IBatchWriter writer;
        try { writer = sink.Create(stream, schema, Path.Combine(staging, relative)); }
        catch
        {
            stream.Dispose();
            throw;
        }
        _files[folder] = (relative, stream, writer);
        _rows[folder] = 0;
        return writer;
    }

    /// <summary>A folder name for a value: letters, digits, '-' and '_' as they are, every other byte as %XX; null as <c>__null__</c>.</summary>
    internal static string Folder(string? value)
    {
        if (value is null) return "__null__";
        if (value.Length == 0) return "%00";
        var s = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_') s.Append((char)b);
            else s.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return s.ToString();
    }
}
