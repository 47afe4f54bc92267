using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.IO;

namespace DataPrep.Steps.Anonymize;

/// <summary>
/// Reverses <c>encrypt</c> for holders of the key (<c>dataprep decrypt</c>): reads a Parquet file,
/// decrypts the named columns back to their text and writes a Parquet file. A value that is not an
/// <c>enc1:</c> ciphertext, or whose tag fails under the key, stops with the column and row, never the value.
/// </summary>
public static class ValueDecryption
{
    /// <returns>Rows written.</returns>
    public static async Task<long> DecryptFileAsync(string input, string output, IReadOnlyList<string> columns, AnonymizeKey key, CancellationToken cancellationToken)
    {
        var source = Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = input } }, "/");
        var schema = await source.ReadSchemaAsync(input, cancellationToken).ConfigureAwait(false);
        var indexes = columns.Select(c => schema.GetFieldIndex(c) is >= 0 and var i ? i
            : throw new ArgumentException($"column '{c}' is not in {input}; columns are: {string.Join(", ", schema.FieldsList.Select(f => f.Name))}")).ToArray();
        foreach (var i in indexes)
        {
            if (schema.GetFieldByIndex(i).DataType is not StringType)
                throw new ArgumentException($"column '{schema.GetFieldByIndex(i).Name}' is {ColumnTypes.Format(schema.GetFieldByIndex(i).DataType)}; encrypted columns are strings");
        }
        var fields = schema.FieldsList.Select(f => new Field(f.Name, f.DataType, f.IsNullable)).ToList();
        var outputSchema = new Schema(fields, schema.Metadata);
        var encryptor = new ValueEncryptor(key);
        using var aes = encryptor.CreateCipher();
        long rows = 0;
        await using var stream = new FileStream(output, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        var writer = Formats.CreateSink(new SinkOptions { Parquet = new ParquetSinkOptions { Path = Path.GetDirectoryName(Path.GetFullPath(output))! } }).Create(stream, outputSchema);
        await using (writer.ConfigureAwait(false))
        {
            await foreach (var chunk in source.ReadAsync(input, new ReadRequest(null, 65_536, 1), cancellationToken).ConfigureAwait(false))
            {
                using var batch = chunk.Batch;
                var arrays = batch.Arrays.Select((a, c) => indexes.Contains(c)
                    ? Decrypt((StringArray)a, encryptor, aes, schema.GetFieldByIndex(c).Name, chunk)
                    : ArrowShare.Retain(a)).ToArray();
                using var decrypted = new RecordBatch(outputSchema, arrays, batch.Length);
                await writer.WriteAsync(decrypted, cancellationToken).ConfigureAwait(false);
                rows += batch.Length;
            }
            await writer.FinishAsync(cancellationToken).ConfigureAwait(false);
        }
        return rows;
    }

    private static StringArray Decrypt(StringArray values, ValueEncryptor encryptor, System.Security.Cryptography.AesGcm aes, string column, SourceChunk chunk)
    {
        var builder = new StringArray.Builder().Reserve(values.Length);
        for (var row = 0; row < values.Length; row++)
        {
            if (values.IsNull(row)) { builder.AppendNull(); continue; }
            if (!encryptor.TryDecrypt(aes, values.GetBytes(row), out var plain))
                throw new InvalidDataException($"column '{column}', row {chunk.RowNumber(row)}: not a value encrypted with this key");
            builder.Append(plain.AsSpan());
        }
        return builder.Build();
    }
}
