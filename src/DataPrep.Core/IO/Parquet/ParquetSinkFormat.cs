using Apache.Arrow;

namespace DataPrep.IO.Parquet;

/// <summary>Parquet output: exact row groups of <see cref="ParquetSinkOptions.RowGroupSize"/> rows.</summary>
internal sealed class ParquetSinkFormat(ParquetSinkOptions options) : ISinkFormat, IRowTakingSinkFormat
{
    public string Extension => ".parquet";

    public IBatchWriter Create(Stream output, Schema schema) => new ParquetBatchWriter(output, schema, options);
}
