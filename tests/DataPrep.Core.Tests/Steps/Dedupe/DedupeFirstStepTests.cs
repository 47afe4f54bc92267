using Apache.Arrow;
using DataPrep.Data;
using DataPrep.Steps;
using DataPrep.Steps.Dedupe;

namespace DataPrep.Tests.Steps.Dedupe;

public sealed class DedupeFirstStepTests
{
    private static readonly Schema Schema = new Schema.Builder().Field(f => f.Name("v").DataType(Apache.Arrow.Types.Int64Type.Default).Nullable(false)).Build();

    /// <summary>Runs the step over <paramref name="values"/> in batches; returns every drop as (row, survivor) and the table's bytes.</summary>
    private static (List<(long Row, RowId? Survivor)> Drops, long TableBytes) Run(long[] values, long? expected)
    {
        using var step = new DedupeFirstStep(new DedupeOptions(), "d");
        step.Bind(Schema, new BindContext());
        if (expected is { } rows) step.ExpectRows(rows);
        var drops = new List<(long, RowId?)>();
        for (var start = 0; start < values.Length; start += 25_000)
        {
            var part = values[start..Math.Min(start + 25_000, values.Length)];
            using var batch = new RecordBatch(Schema, [new Int64Array.Builder().AppendRange(part).Build()], part.Length);
            var context = new BatchContext(batch, Enumerable.Range(start, part.Length).Select(i => new RowId(0, i)).ToArray(), 1);
            step.Apply(batch, step.Prepare(batch), context);
            drops.AddRange(context.Dispositions.Select(d => ((long)start + d.Row, d.Survivor)));
        }
        return (drops, step.TableBytes);
    }

    [Fact]
    public void ExpectRows_EvenlySpreadDuplicates_SameDropsInASmallerTable()
    {
        // As the reference data: 3 % of rows repeat an earlier one.
        var random = new Random(3);
        var values = new long[400_000];
        for (var i = 0; i < values.Length; i++) values[i] = i > 0 && random.Next(100) < 3 ? values[random.Next(i)] : i;

        var (grown, grownBytes) = Run(values, null);
        var (presized, presizedBytes) = Run(values, values.Length);

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

        var (grown, grownBytes) = Run(values, null);
        var (presized, presizedBytes) = Run(values, values.Length);

        presized.Should().Equal(grown);
        presizedBytes.Should().BeLessThan(grownBytes * 3 / 2);
        presizedBytes.Should().BeLessThan((long)(400_000 * 24 / KeyTable.ReservedLoad / 10), "a table sized for every row would be over ten times this");
    }
}
