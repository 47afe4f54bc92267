using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Steps;
using DataPrep.Steps.Cast;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps;

public sealed class CastStepTests
{
    [Theory]
    [InlineData(CastErrorAction.Quarantine)]
    [InlineData(CastErrorAction.Null)]
    public void Process_TextToNumbers_ConvertsOrRoutesFailures(CastErrorAction onError)
    {
        var schema = new Apache.Arrow.Schema([new Apache.Arrow.Field("v", StringType.Default, true)], null);
        using var batch = new Apache.Arrow.RecordBatch(schema, [ArrowBuild.FromValues(StringType.Default, ["12", " 7 ", "x", null, "99999999999"])], 5);
        var step = new CastStep(new CastOptions { Columns = new() { ["v"] = "int32" }, OnError = onError }, "c");
        var output = step.Bind(schema, new BindContext());
        output.GetFieldByName("v").DataType.Should().BeOfType<Int32Type>();

        var context = TestContexts.For(batch);
        using var result = step.Process(batch, context);

        Enumerable.Range(0, 5).Select(i => ArrowValues.Get(result.Column(0), i)).Should().Equal(12L, 7L, null, null, null);
        var failed = context.Dispositions().Select(d => d.Row).ToList();
        if (onError == CastErrorAction.Quarantine) failed.Should().Equal(2, 4);
        else failed.Should().BeEmpty();
    }

    [Theory]
    [InlineData("decimal(38,4)", "12345678901234567890.1234", true)]
    [InlineData("decimal(5,2)", "123.45", true)]
    [InlineData("decimal(5,2)", "1234.5", false)]
    [InlineData("decimal(5,2)", "1.234", false)]
    [InlineData("decimal(38,30)", "1.5", false)]
    public void Process_Decimals_FitOrAreRefusedWithoutThrowing(string type, string text, bool fits)
    {
        var schema = new Apache.Arrow.Schema([new Apache.Arrow.Field("v", StringType.Default, true)], null);
        using var batch = new Apache.Arrow.RecordBatch(schema, [ArrowBuild.FromValues(StringType.Default, [text])], 1);
        var step = new CastStep(new CastOptions { Columns = new() { ["v"] = type } }, "c");
        step.Bind(schema, new BindContext());
        var context = TestContexts.For(batch);

        using var result = step.Process(batch, context);

        context.IsRemoved(0).Should().Be(!fits);
        if (fits) ArrowValues.Get(result.Column(0), 0).Should().Be(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
    }
}
