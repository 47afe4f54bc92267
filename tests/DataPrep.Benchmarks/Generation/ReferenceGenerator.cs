using System.Diagnostics;
using Parquet;
using Parquet.Schema;

namespace DataPrep.Benchmarks.Generation;

/// <summary>
/// Writes the reference data set with Parquet.Net, one 1,048,576-row group at a time. The next
/// group is generated (in parallel, rows being independent) while the current one is written, so
/// memory holds two groups whatever the row count.
/// </summary>
internal sealed class ReferenceGenerator(long rows, ulong seed)
{
    public const int RowGroupSize = 1 << 20;
    private const int ChunkRows = 16_384;

    private static readonly DataField<long> Id = new("id", nullable: false);
    private static readonly DataField<double?>[] Floats =
        Enumerable.Range(1, RowBuffers.FloatColumns).Select(i => new DataField<double?>($"f{i}")).ToArray();
    private static readonly DataField<string> Cat1 = new("cat1", nullable: true);
    private static readonly DataField<string> Cat2 = new("cat2", nullable: true);
    private static readonly DataField<string> Txt = new("txt", nullable: false);
    private static readonly DataField<int> Label = new("label", nullable: false);

    public DatasetLayout Layout { get; } = new(rows, seed);

    public static ParquetSchema Schema { get; } = new([Id, .. Floats, Cat1, Cat2, Txt, Label]);

    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var model = new RowModel(seed);
        var groups = (int)((Layout.Rows + RowGroupSize - 1) / RowGroupSize);
        var capacity = (int)Math.Min(RowGroupSize, Layout.Rows);
        RowBuffers current = new(capacity), next = new(capacity);

        var temp = path + ".tmp";
        await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
            await using var writer = await ParquetWriter.CreateAsync(Schema, file, options, cancellationToken: cancellationToken);
            Fill(model, current, 0);
            for (var g = 0; g < groups; g++)
            {
                var nextGroup = g + 1;
                var fillNext = nextGroup < groups ? Task.Run(() => Fill(model, next, nextGroup), cancellationToken) : Task.CompletedTask;
                await WriteGroupAsync(writer, current, cancellationToken);
                await fillNext;
                (current, next) = (next, current);
            }
        }
        File.Move(temp, path, overwrite: true);
    }

    private void Fill(RowModel model, RowBuffers buffers, int group)
    {
        var first = (long)group * RowGroupSize;
        var count = (int)Math.Min(RowGroupSize, Layout.Rows - first);
        buffers.Count = count;
        var chunks = (count + ChunkRows - 1) / ChunkRows;
        Parallel.For(0, chunks, () => new TextModel.Scratch(), (chunk, _, scratch) =>
        {
            var end = Math.Min(count, (chunk + 1) * ChunkRows);
            for (var i = chunk * ChunkRows; i < end; i++)
            {
                var position = first + i;
                // id is the file position, so "keep first" and "keep the smallest id" agree.
                buffers.Id[i] = position;
                model.Fill(buffers, i, Layout.BaseRowAt(position), scratch);
            }
            return scratch;
        }, _ => { });
    }

    private static async Task WriteGroupAsync(ParquetWriter writer, RowBuffers rows, CancellationToken cancellationToken)
    {
        var n = rows.Count;
        using var group = writer.CreateRowGroup();
        await group.WriteAsync<long>(Id, rows.Id.AsMemory(0, n), cancellationToken: cancellationToken);
        for (var c = 0; c < Floats.Length; c++)
            await group.WriteAsync<double>(Floats[c], rows.Floats[c].AsMemory(0, n), cancellationToken: cancellationToken);
        await group.WriteAsync(Cat1, new ArraySegment<string>(rows.Cat1!, 0, n));
        await group.WriteAsync(Cat2, new ArraySegment<string>(rows.Cat2!, 0, n));
        await group.WriteAsync(Txt, new ArraySegment<string>(rows.Txt, 0, n));
        await group.WriteAsync<int>(Label, rows.Label.AsMemory(0, n), cancellationToken: cancellationToken);
        group.CompleteValidate();
    }
}
