using Apache.Arrow;
using DataPrep.Data;
using DataPrep.Steps;
using DataPrep.Steps.Dedupe;

namespace DataPrep.Tests.Steps.Dedupe;

public sealed class DedupeFirstStepTests
{
    private static readonly Schema Schema = new Schema.Builder().Field(f => f.Name("v").DataType(Apache.Arrow.Types.Int64Type.Default).Nullable(false)).Build();

    /// <summary>
    /// Runs the step over the files (each a list of values) in batches of <paramref name="batchRows"/>,
    /// told their row counts or not; returns every drop as (file, row, survivor) and the table's bytes.
    /// </summary>
    private static (List<(int File, long Row, RowId? Survivor)> Drops, long TableBytes) Run(long[][] files, bool hint, int batchRows = 25_000, int parallelism = 1)
    {
        using var step = new DedupeFirstStep(new DedupeOptions(), "d");
        step.Bind(Schema, new BindContext());
        if (hint) step.ExpectRows(files.Select(f => (long)f.Length).ToArray());
        var drops = new List<(int, long, RowId?)>();
        for (var file = 0; file < files.Length; file++)
        {
            for (var start = 0; start < files[file].Length; start += batchRows)
            {
                var part = files[file][start..Math.Min(start + batchRows, files[file].Length)];
                using var batch = new RecordBatch(Schema, [new Int64Array.Builder().AppendRange(part).Build()], part.Length);
                var f = file;
                var context = new BatchContext(batch, Enumerable.Range(start, part.Length).Select(i => new RowId(f, i)).ToArray(), 1) { Parallelism = parallelism };
                step.Apply(batch, step.Prepare(batch), context);
                drops.AddRange(context.Dispositions.Select(d => (file, (long)start + d.Row, d.Survivor)));
            }
        }
        return (drops, step.TableBytes);
    }

    /// <summary>As the reference data: 3 % of rows repeat an earlier one.</summary>
    private static long[] EvenlySpread(int rows, int seed)
    {
        var random = new Random(seed);
        var values = new long[rows];
        for (var i = 0; i < values.Length; i++) values[i] = i > 0 && random.Next(100) < 3 ? values[random.Next(i)] : i;
        return values;
    }

    [Fact]
    public void ExpectRows_EvenlySpreadDuplicates_SameDropsInASmallerTable()
    {
        var values = EvenlySpread(400_000, 3);

        var (grown, grownBytes) = Run([values], hint: false);
        var (presized, presizedBytes) = Run([values], hint: true);

        presized.Should().Equal(grown);
        presized.Should().HaveCountGreaterThan(10_000);
        presizedBytes.Should().BeLessThan(grownBytes);
        var keys = values.Length - presized.Count;
        presizedBytes.Should().BeLessThan((long)(keys * 1.05 * 24 / KeyTable.ReservedLoad) + 256 * 24);
    }

    [Fact]
    public void ExpectRows_MostlyDuplicates_SameDropsAndATableForTheKeysNotTheRows()
    {
        var random = new Random(4);
        var values = Enumerable.Range(0, 400_000).Select(_ => (long)random.Next(20_000)).ToArray();

        var (grown, grownBytes) = Run([values], hint: false);
        var (presized, presizedBytes) = Run([values], hint: true);

        presized.Should().Equal(grown);
        presizedBytes.Should().BeLessThan(grownBytes * 2);
        presizedBytes.Should().BeLessThan((long)(400_000 * 24 / KeyTable.ReservedLoad / 5), "a table sized for every row would be over five times this");
    }

    [Fact]
    public void ExpectRows_ASecondFileRepeatingTheFirst_SizedForOneFilesKeys()
    {
        // Overlapping snapshots: the second file's rows are all duplicates, which no sample of the
        // first can tell; the table is sized a file at a time, so not for both files' rows.
        var first = EvenlySpread(300_000, 5);

        var (grown, grownBytes) = Run([first, first], hint: false);
        var (presized, presizedBytes) = Run([first, first], hint: true);

        presized.Should().Equal(grown);
        presized.Count(d => d.File == 1).Should().Be(first.Length);
        presizedBytes.Should().BeLessThan(grownBytes * 11 / 10);
    }

    [Theory]
    [InlineData(7_000, 1)]
    [InlineData(1_000, 3)]
    [InlineData(65_536, 2)]
    public void ExpectRows_AnyBatchSizeAndParallelism_SameDropsAsWithoutTheHint(int batchRows, int parallelism)
    {
        var values = EvenlySpread(200_000, 6);

        var (reference, _) = Run([values], hint: false);
        var (presized, _) = Run([values], hint: true, batchRows, parallelism);

        presized.Should().Equal(reference);
    }
}
