using Apache.Arrow;

namespace DataPrep.IO.Arrow;

/// <summary>Arrow IPC file output with batches of exactly <see cref="ArrowSinkOptions.BatchRows"/> rows.</summary>
internal sealed class ArrowIpcSinkFormat(ArrowSinkOptions options) : ISinkFormat, IRowTakingSinkFormat
{
    public string Extension => ".arrow";

    public IBatchWriter Create(Stream output, Schema schema) => new ArrowIpcBatchWriter(output, schema, options.BatchRows);
}
