using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Definition;
using DataPrep.Steps;
using DataPrep.Steps.Pad;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps.Pad;

public sealed class PadStepTests
{
    private static readonly long?[]?[] Sequences = [[1, 2, 3], [4], [], null, [5, 6, 7, 8, 9]];

    [Fact]
    public void Process_RightPaddingRightTruncation_KeepsTheFirstElements()
    {
        var (output, _) = Run(new PadOptions { Columns = ["seq"], Length = 3, Mask = true }, Ints(Sequences));

        Lists(output.Column("seq")).Should().BeEquivalentTo(new[]
        {
            new long?[] { 1, 2, 3 }, [4, 0, 0], [0, 0, 0], [0, 0, 0], [5, 6, 7],
        }, o => o.WithStrictOrdering());
        Lists(output.Column("seq_mask")).Should().BeEquivalentTo(new[]
        {
            new object?[] { (sbyte)1, (sbyte)1, (sbyte)1 }, [(sbyte)1, (sbyte)0, (sbyte)0], [(sbyte)0, (sbyte)0, (sbyte)0], [(sbyte)0, (sbyte)0, (sbyte)0], [(sbyte)1, (sbyte)1, (sbyte)1],
        }, o => o.WithStrictOrdering());
        output.Schema.FieldsList.Select(f => f.Name).Should().Equal("id", "seq", "seq_mask");
    }

    [Fact]
    public void Process_LeftPaddingLeftTruncation_LikeKerasPre()
    {
        var (output, _) = Run(new PadOptions { Columns = ["seq"], Length = 3, Padding = PadSide.Left, Truncating = PadSide.Left, Value = "-1" }, Ints(Sequences));

        Lists(output.Column("seq")).Should().BeEquivalentTo(new[]
        {
            new long?[] { 1, 2, 3 }, [-1, -1, 4], [-1, -1, -1], [-1, -1, -1], [7, 8, 9],
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Process_Strings_WithPadValueAndBooleanMask_KeepsNullElements()
    {
        var builder = new ListArray.Builder(StringType.Default);
        var values = (StringArray.Builder)builder.ValueBuilder;
        builder.Append(); values.Append("a"); values.AppendNull();
        builder.Append(); values.Append("b"); values.Append("c"); values.Append("d");
        var schema = new Schema([new Field("id", Int64Type.Default, false), new Field("seq", new ListType(StringType.Default), true)], null);
        using var batch = new RecordBatch(schema, [new Int64Array.Builder().Append(0).Append(1).Build(), builder.Build()], 2);

        var (output, _) = Run(new PadOptions { Columns = ["seq"], Length = 3, Value = "<pad>", Mask = true, MaskType = MaskType.Boolean, Padding = PadSide.Left }, batch);

        Lists(output.Column("seq")).Should().BeEquivalentTo(new[] { new object?[] { "<pad>", "a", null }, ["b", "c", "d"] }, o => o.WithStrictOrdering());
        Lists(output.Column("seq_mask")).Should().BeEquivalentTo(new[] { new object?[] { false, true, true }, [true, true, true] }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Bind_BadPadValue_IsAnErrorAtValue()
    {
        var context = new BindContext();
        new PadStep(new PadOptions { Columns = ["seq"], Length = 2, Value = "abc" }, "p").Bind(Ints(Sequences).Schema, context);
        context.Errors.Should().ContainSingle(e => e.Member == "value" && e.Code == DiagnosticCodes.BadValue);
    }

    [Fact]
    public async Task Validate_NonListColumn_FailsAtTheOptionLine()
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, "- pad:\n    length: 4\n    columns:\n      - id\n      - name");
        var diagnostics = await Pipeline.Load(path).ValidateAsync(new RunOptions { Source = new MemorySource(PeopleData.Schema, () => []) });

        diagnostics.Where(d => d.Code == DiagnosticCodes.PadColumnType).Select(d => d.Location.Line).Should().Equal(9, 10);
        diagnostics.Should().Contain(d => d.Message.Contains("'name' is string"));
    }

    private static (RecordBatch Output, BatchContext Context) Run(PadOptions options, RecordBatch batch)
    {
        var step = new PadStep(options, "p");
        var bind = new BindContext();
        var schema = step.Bind(batch.Schema, bind);
        bind.Errors.Should().BeEmpty();
        var context = TestContexts.For(batch);
        var output = step.Process(batch, context);
        output.Schema.Should().BeSameAs(schema);
        return (output, context);
    }

    private static RecordBatch Ints(long?[]?[] sequences)
    {
        var builder = new ListArray.Builder(Int64Type.Default);
        var values = (Int64Array.Builder)builder.ValueBuilder;
        var id = new Int64Array.Builder();
        for (var i = 0; i < sequences.Length; i++)
        {
            id.Append(i);
            if (sequences[i] is not { } s) { builder.AppendNull(); continue; }
            builder.Append();
            foreach (var v in s) { if (v is null) values.AppendNull(); else values.Append(v.Value); }
        }
        var schema = new Schema([new Field("id", Int64Type.Default, false), new Field("seq", new ListType(Int64Type.Default), true)], null);
        return new RecordBatch(schema, [id.Build(), builder.Build()], sequences.Length);
    }

    private static List<object?[]> Lists(IArrowArray array)
    {
        var list = (ListArray)array;
        return Enumerable.Range(0, list.Length).Select(r =>
        {
            var slice = list.GetSlicedValues(r);
            return Enumerable.Range(0, slice.Length).Select(i => DataPrep.Data.ArrowValues.Get(slice, i)).ToArray();
        }).ToList();
    }
}
