using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO;

namespace DataPrep.Tests.IO;

/// <summary>Batches of every supported type with nulls, and helpers to compare rows as plain values.</summary>
internal static class TestBatches
{
    public static readonly TimestampType Timestamp = new(TimeUnit.Microsecond, "UTC");

    public static Schema AllTypesSchema { get; } = new(
    [
        new Field("id", Int64Type.Default, false),
        new Field("i8", Int8Type.Default, true),
        new Field("i16", Int16Type.Default, true),
        new Field("i32", Int32Type.Default, true),
        new Field("i64", Int64Type.Default, true),
        new Field("u8", UInt8Type.Default, true),
        new Field("u16", UInt16Type.Default, true),
        new Field("u32", UInt32Type.Default, true),
        new Field("u64", UInt64Type.Default, true),
        new Field("f32", FloatType.Default, true),
        new Field("f64", DoubleType.Default, true),
        new Field("flag", BooleanType.Default, true),
        new Field("text", StringType.Default, true),
        new Field("blob", BinaryType.Default, true),
        new Field("day", Date32Type.Default, true),
        new Field("at", Timestamp, true),
        new Field("amount", new Decimal128Type(12, 3), true),
    ], null);

    /// <summary>Rows <paramref name="start"/>..start+count of a deterministic table; every third value is null.</summary>
    public static RecordBatch AllTypes(int count, int start = 0)
    {
        var ids = Enumerable.Range(start, count).ToArray();
        bool Null(int i) => i % 3 == 1;
        IArrowArray Build<TBuilder>(TBuilder builder, Action<TBuilder, int> append, Func<TBuilder, IArrowArray> build)
        {
            foreach (var i in ids) append(builder, i);
            return build(builder);
        }
        var arrays = new IArrowArray[]
        {
            new Int64Array.Builder().AppendRange(ids.Select(i => (long)i)).Build(),
            Build(new Int8Array.Builder(), (b, i) => { if (Null(i)) b.AppendNull(); else b.Append((sbyte)(i % 256 - 128)); }, b => b.Build()),
            Build(new Int16Array.Builder(), (b, i) => { if (Null(i)) b.AppendNull(); else b.Append((short)(i * 7 - 30000)); }, b => b.Build()),
            Build(new Int32Array.Builder(), (b, i) => { if (Null(i)) b.AppendNull(); else b.Append(i * -1000); }, b => b.Build()),
            Build(new Int64Array.Builder(), (b, i) => { if (Null(i)) b.AppendNull(); else b.Append(long.MaxValue - i); }, b => b.Build()),
            Build(new UInt8Array.Builder(), (b, i) => { if (Null(i)) b.AppendNull(); else b.Append((byte)i); }, b => b.Build()),
            Build(new UInt16Array.Builder(), (b, i) => { if (Null(i)) b.AppendNull(); else b.Append((ushort)(i * 3)); }, b => b.Build()),
            Build(new UInt32Array.Builder(), (b, i) => { if (Null(i)) b.AppendNull(); else b.Append(uint.MaxValue - (uint)i); }, b => b.Build()),
            Build(new UInt64Array.Builder(), (b, i) => { if (Null(i)) b.AppendNull(); else b.Append(ulong.MaxValue - (ulong)i); }, b => b.Build()),
            Build(new FloatArray.Builder(), (b, i) => { if (Null(i)) b.AppendNull(); else b.Append(i / 3f); }, b => b.Build()),
            Build(new DoubleArray.Builder(), (b, i) => { if (Null(i)) b.AppendNull(); else b.Append(i == 0 ? -0.0 : 1.0 / (i + 1)); }, b => b.Build()),
            Build(new BooleanArray.Builder(), (b, i) => { if (Null(i)) b.AppendNull(); else b.Append(i % 2 == 0); }, b => b.Build()),
            Build(new StringArray.Builder(), (b, i) => { if (Null(i)) b.AppendNull(); else b.Append(i % 5 == 0 ? "" : $"héllo, \"{i}\"\nline"); }, b => b.Build()),
            Build(new BinaryArray.Builder(), (b, i) => { if (Null(i)) b.AppendNull(); else b.Append(Enumerable.Range(0, i % 4).Select(x => (byte)(x + i)).ToArray().AsSpan()); }, b => b.Build()),
            Build(new Date32Array.Builder(), (b, i) => { if (Null(i)) b.AppendNull(); else b.Append(new DateOnly(1969, 12, 1).AddDays(i)); }, b => b.Build()),
            Build(new TimestampArray.Builder(Timestamp), (b, i) => { if (Null(i)) b.AppendNull(); else b.Append(new DateTimeOffset(1999, 12, 31, 23, 59, 0, TimeSpan.Zero).AddTicks(i * 123_456_780L)); }, b => b.Build()),
            Build(new Decimal128Array.Builder(new Decimal128Type(12, 3)), (b, i) => { if (Null(i)) b.AppendNull(); else b.Append((i - 50) * 1.001m); }, b => b.Build()),
        };
        return new RecordBatch(AllTypesSchema, arrays, count);
    }

    /// <summary>The same rows cut into batches of the given sizes, cycling through them.</summary>
    public static IEnumerable<RecordBatch> Cut(RecordBatch batch, params int[] sizes)
    {
        for (int offset = 0, k = 0; offset < batch.Length; k++)
        {
            var size = Math.Min(sizes[k % sizes.Length], batch.Length - offset);
            yield return batch.Slice(offset, size);
            offset += size;
        }
    }

    public static object? Value(IArrowArray array, int index) => array.IsNull(index) ? null : array switch
    {
        BooleanArray a => a.GetValue(index),
        StringArray a => a.GetString(index),
        BinaryArray a => Convert.ToBase64String(a.GetBytes(index)),
        Decimal128Array a => a.GetValue(index),
        Int8Array a => a.GetValue(index),
        Int16Array a => a.GetValue(index),
        Int32Array a => a.GetValue(index),
        Int64Array a => a.GetValue(index),
        UInt8Array a => a.GetValue(index),
        UInt16Array a => a.GetValue(index),
        UInt32Array a => a.GetValue(index),
        UInt64Array a => a.GetValue(index),
        FloatArray a => a.GetValue(index),
        DoubleArray a => a.GetValue(index),
        Date32Array a => ((PrimitiveArray<int>)a).GetValue(index),
        TimestampArray a => ((PrimitiveArray<long>)a).GetValue(index),
        _ => throw new NotSupportedException(array.GetType().Name),
    };

    /// <summary>
    /// Adds the batch's rows to <paramref name="chunker"/> and returns the chunks that filled, each
    /// copied out (the chunker reuses a chunk's buffers once its callback returns).
    /// </summary>
    public static async Task<List<RecordBatch>> AddCopiedAsync(DataPrep.IO.Batches.RowChunker chunker, RecordBatch batch)
    {
        var chunks = new List<RecordBatch>();
        await chunker.AddAsync(batch, null, chunk =>
        {
            chunks.Add(DataPrep.Data.ArrowTake.Take(chunk, Enumerable.Range(0, chunk.Length).ToArray()));
            return Task.CompletedTask;
        });
        return chunks;
    }

    public static List<object?[]> Rows(RecordBatch batch) =>
        Enumerable.Range(0, batch.Length)
            .Select(r => Enumerable.Range(0, batch.ColumnCount).Select(c => Value(batch.Column(c), r)).ToArray())
            .ToList();

    public static List<object?[]> Rows(IEnumerable<RecordBatch> batches) => batches.SelectMany(Rows).ToList();

    public static async Task<List<SourceChunk>> ReadAllAsync(IBatchSource source, string file, ReadRequest request)
    {
        var chunks = new List<SourceChunk>();
        await foreach (var chunk in source.ReadAsync(file, request, CancellationToken.None)) chunks.Add(chunk);
        return chunks;
    }

    public static async Task<byte[]> WriteAsync(ISinkFormat format, Schema schema, IEnumerable<RecordBatch> batches)
    {
        using var stream = new MemoryStream();
        await using (var writer = format.Create(stream, schema))
        {
            foreach (var batch in batches) await writer.WriteAsync(batch, CancellationToken.None);
            await writer.FinishAsync(CancellationToken.None);
        }
        return stream.ToArray();
    }
}
