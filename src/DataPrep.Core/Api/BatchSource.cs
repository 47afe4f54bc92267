using Apache.Arrow;
using DataPrep.IO;

namespace DataPrep;

/// <summary>Sources a host builds from data it already holds in memory.</summary>
public static class BatchSource
{
    /// <summary>
    /// A source over batches the host produces. <paramref name="batches"/> is called once per pass
    /// that reads the source (a fitted step adds one), so it must give the same rows each time.
    /// The engine takes its own references to the batches' buffers; the host still disposes its batches.
    /// </summary>
    /// <param name="name">Shown as the input's path (<c>memory:NAME</c>) in records and manifests.</param>
    public static IBatchSource FromBatches(Schema schema, Func<IAsyncEnumerable<RecordBatch>> batches, string name = "input")
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(batches);
        return new AsyncEnumerableSource(schema, batches, name);
    }

    /// <summary>A source over batches already materialised; they are read again for every pass.</summary>
    public static IBatchSource FromBatches(Schema schema, IReadOnlyList<RecordBatch> batches, string name = "input")
    {
        ArgumentNullException.ThrowIfNull(batches);
        return FromBatches(schema, () => batches.ToAsyncEnumerable(), name);
    }
}
