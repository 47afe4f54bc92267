using Apache.Arrow;

namespace DataPrep.IO.Csv;

/// <summary>CSV output with a header row.</summary>
internal sealed class CsvSinkFormat(CsvSinkOptions options) : ISinkFormat
{
    public string Extension => ".csv";

    public IBatchWriter Create(Stream output, Schema schema) => new CsvBatchWriter(output, schema, options.Delimiter[0]);
}
