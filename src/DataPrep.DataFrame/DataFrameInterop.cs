using Apache.Arrow;
using DataPrep.IO;
using Microsoft.Data.Analysis;

namespace DataPrep.DataFrames;

/// <summary>
/// <see cref="DataFrame"/> in and out of a pipeline. In: the frame's Arrow batches (no copy for
/// numeric columns). Out: the result's batches concatenated into one frame. Column types are those
/// Microsoft.Data.Analysis maps to and from Arrow (booleans, integers, floating point, strings, DateTime).
/// </summary>
public static class DataFrameInterop
{
    /// <summary>A source over the frame's rows, read again for every pass.</summary>
    /// <param name="name">The input's name (<c>memory:NAME</c> in removed-row records).</param>
    public static IBatchSource ToBatchSource(this DataFrame frame, string name = "input")
    {
        ArgumentNullException.ThrowIfNull(frame);
        // Microsoft.Data.Analysis converts every column type to Arrow but its managed string column;
        // that one is copied into its Arrow string column first.
        var arrowReady = new DataFrame(frame.Columns.Select(c => c is StringDataFrameColumn s ? ToArrowStrings(s) : c));
        var batches = arrowReady.ToArrowRecordBatches().ToList();
        var schema = batches.Count > 0 ? batches[0].Schema : new Schema([], null);
        return BatchSource.FromBatches(schema, batches, name);
    }

    private static ArrowStringDataFrameColumn ToArrowStrings(StringDataFrameColumn column)
    {
        var builder = new StringArray.Builder();
        foreach (var value in column)
        {
            if (value is null) builder.AppendNull(); else builder.Append(value);
        }
        var strings = builder.Build();
        return new ArrowStringDataFrameColumn(column.Name, strings.ValueBuffer.Memory, strings.ValueOffsetsBuffer.Memory,
            strings.NullBitmapBuffer.Memory, strings.Length, strings.NullCount);
    }

    /// <summary>Reads the frame: a <c>memory</c> source named <paramref name="name"/>.</summary>
    public static PipelineBuilder From(this PipelineBuilder builder, DataFrame frame, string name = "input")
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.From(frame.ToBatchSource(name), name);
    }

    /// <summary>The same pipeline with <paramref name="frame"/> bound to its <c>memory</c> source <paramref name="name"/>.</summary>
    public static Pipeline WithInput(this Pipeline pipeline, string name, DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return pipeline.WithInput(name, frame.ToBatchSource(name));
    }

    /// <summary>Runs the pipeline in memory and returns its output as one frame (removed rows: use <see cref="Pipeline.CollectAsync"/>).</summary>
    public static async Task<DataFrame> CollectDataFrameAsync(this Pipeline pipeline, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        using var result = await pipeline.CollectAsync(options, cancellationToken).ConfigureAwait(false);
        return result.ToDataFrame();
    }

    /// <summary>The result's rows as one frame (a copy: the frame outlives the result).</summary>
    public static DataFrame ToDataFrame(this MemoryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return ToDataFrame(result.Schema, result.Batches);
    }

    /// <summary>Reads the batches to the end into one frame; disposes each batch.</summary>
    public static async Task<DataFrame> ToDataFrameAsync(this IAsyncEnumerable<RecordBatch> batches, Schema schema, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var list = new List<RecordBatch>();
        try
        {
            await foreach (var batch in batches.WithCancellation(cancellationToken).ConfigureAwait(false)) list.Add(batch);
            return ToDataFrame(schema, list);
        }
        finally
        {
            foreach (var batch in list) batch.Dispose();
        }
    }

    private static DataFrame ToDataFrame(Schema schema, IReadOnlyList<RecordBatch> batches)
    {
        // Concatenating copies every column into fresh buffers that the frame then owns alone.
        var columns = Enumerable.Range(0, schema.FieldsList.Count).Select(c => batches.Count == 0
            ? EmptyArray(schema.GetFieldByIndex(c))
            : ArrowArrayConcatenator.Concatenate(batches.Select(b => b.Column(c)).ToList())).ToList();
        var length = batches.Sum(b => b.Length);
        return DataFrame.FromArrowRecordBatch(new RecordBatch(schema, columns, length));
    }

    private static IArrowArray EmptyArray(Field field) =>
        ArrowArrayFactory.BuildArray(new ArrayData(field.DataType, 0, 0, 0, EmptyBuffers(field.DataType), null));

    private static ArrowBuffer[] EmptyBuffers(Apache.Arrow.Types.IArrowType type) =>
        type is Apache.Arrow.Types.StringType or Apache.Arrow.Types.BinaryType
            ? [ArrowBuffer.Empty, new ArrowBuffer.Builder<int>().Append(0).Build(), ArrowBuffer.Empty]
            : [ArrowBuffer.Empty, ArrowBuffer.Empty];
}
