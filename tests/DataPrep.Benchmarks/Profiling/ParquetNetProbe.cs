using System.Diagnostics;
using Parquet;
using Parquet.Schema;

namespace DataPrep.Benchmarks.Profiling;

/// <summary>
/// Parquet.Net alone, with no DataPrep code in the timed region: one column chunk read raw (dense
/// values + definition levels into fresh arrays), or the same dense values written as one column.
/// The difference to <see cref="DataPrepProbe"/> is DataPrep's own conversion.
/// </summary>
internal static class ParquetNetProbe
{
    /// <summary>How a BYTE_ARRAY column is handed to or taken from Parquet.Net.</summary>
    public enum StringMode
    {
        /// <summary><c>ReadOnlyMemory&lt;char&gt;</c>: UTF-16, one char[] per value when reading.</summary>
        Chars,

        /// <summary><c>ReadOnlyMemory&lt;byte&gt;</c> through a byte[]-typed view of the column: UTF-8 as stored.</summary>
        Bytes,
    }

    public static async Task<TimeSpan> ReadAsync(ParquetRowGroupReader group, DataField field, StringMode mode, CancellationToken ct)
    {
        var rows = checked((int)group.RowCount);
        var levels = new int[rows];
        var clock = Stopwatch.StartNew();
        var clr = field.ClrType;
        if (clr == typeof(long)) await group.ReadRawAsync<long>(field, new long[rows], levels, null, ct);
        else if (clr == typeof(int)) await group.ReadRawAsync<int>(field, new int[rows], levels, null, ct);
        else if (clr == typeof(double)) await group.ReadRawAsync<double>(field, new double[rows], levels, null, ct);
        else if (clr == typeof(float)) await group.ReadRawAsync<float>(field, new float[rows], levels, null, ct);
        else if (clr == typeof(bool)) await group.ReadRawAsync<bool>(field, new bool[rows], levels, null, ct);
        else if (IsString(field) && mode == StringMode.Chars) await group.ReadRawAsync<ReadOnlyMemory<char>>(field, new ReadOnlyMemory<char>[rows], levels, null, ct);
        else if (IsString(field) || IsBinary(field)) await group.ReadRawAsync<ReadOnlyMemory<byte>>(ByteView(field), new ReadOnlyMemory<byte>[rows], levels, null, ct);
        else throw new NotSupportedException($"column '{field.Name}': {clr.Name} is not profiled");
        return clock.Elapsed;
    }

    /// <summary>The dense values and levels of one column chunk, as Parquet.Net takes them for writing.</summary>
    public static async Task<Func<ParquetRowGroupWriter, DataField, CancellationToken, Task>> PrepareWriteAsync(
        ParquetRowGroupReader group, DataField field, StringMode mode, CancellationToken ct)
    {
        var rows = checked((int)group.RowCount);
        var levels = new int[rows];
        var clr = field.ClrType;
        if (clr == typeof(long)) return await Dense<long>(group, field, levels, ct);
        if (clr == typeof(int)) return await Dense<int>(group, field, levels, ct);
        if (clr == typeof(double)) return await Dense<double>(group, field, levels, ct);
        if (clr == typeof(float)) return await Dense<float>(group, field, levels, ct);
        if (clr == typeof(bool)) return await Dense<bool>(group, field, levels, ct);
        if (IsString(field) && mode == StringMode.Chars) return await Dense<ReadOnlyMemory<char>>(group, field, levels, ct);
        if (IsString(field) || IsBinary(field)) return await Dense<ReadOnlyMemory<byte>>(group, ByteView(field), levels, ct);
        throw new NotSupportedException($"column '{field.Name}': {clr.Name} is not profiled");
    }

    /// <summary>Writes one prepared column to <paramref name="output"/> as a one-column file.</summary>
    public static async Task<TimeSpan> WriteAsync(DataField field, Func<ParquetRowGroupWriter, DataField, CancellationToken, Task> write,
        Stream output, CompressionMethod compression, CancellationToken ct)
    {
        var target = new DataField(field.Name, field.ClrType, field.IsNullable);
        var clock = Stopwatch.StartNew();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(target), output, new ParquetOptions { CompressionMethod = compression }, false, ct))
        {
            using var group = writer.CreateRowGroup();
            await write(group, target, ct);
        }
        return clock.Elapsed;
    }

    public static bool IsString(DataField field) => field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>);

    private static bool IsBinary(DataField field) => field.ClrType == typeof(byte[]) || field.ClrType == typeof(ReadOnlyMemory<byte>);

    /// <summary>
    /// The same column typed byte[]: Parquet.Net finds the chunk by path and decodes with the file's
    /// schema element, so the values come back as the stored UTF-8 bytes.
    /// </summary>
    public static DataField ByteView(DataField field)
    {
        var view = new DataField(field.Name, typeof(byte[]), field.IsNullable);
        _ = new ParquetSchema(view);
        return view;
    }

    private static async Task<Func<ParquetRowGroupWriter, DataField, CancellationToken, Task>> Dense<T>(
        ParquetRowGroupReader group, DataField field, int[] levels, CancellationToken ct)
        where T : struct
    {
        var values = new T[levels.Length];
        await group.ReadRawAsync<T>(field, values, levels, null, ct);
        var present = field.MaxDefinitionLevel > 0 ? levels.AsSpan().Count(1) : levels.Length;
        var dense = values.AsMemory(0, present);
        return field.MaxDefinitionLevel > 0
            ? (g, f, token) => g.WriteAllPartsAsync<T>(Writable<T>(f), dense, levels, null, token)
            : (g, f, token) => g.WriteAsync<T>(Writable<T>(f), dense, null, null, token);
    }

    // Writing ReadOnlyMemory<byte> needs a byte[]-typed field; Parquet.Net matches it to the
    // file's column by name, so the column keeps its declared (string) type.
    private static DataField Writable<T>(DataField field) =>
        typeof(T) == typeof(ReadOnlyMemory<byte>) && field.ClrType != typeof(byte[]) ? ByteView(field) : field;
}
