using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;
using ServeApi;

namespace DataPrep.Tests.Examples;

public sealed class RecordJsonTests
{
    private static readonly Schema Float32 = new([new Field("x", FloatType.Default, true)], null);

    [Fact]
    public void ToBatch_Float32Column_ParsesNumbersAsFloat32AndMissingAsNull()
    {
        using var batch = RecordJson.ToBatch(JsonDocument.Parse("""[{"x": 0.1}, {"x": null}, {}, {"x": 211}]""").RootElement, Float32);

        var column = (FloatArray)batch.Column(0);
        column.ToArray().Should().Equal(0.1f, null, null, 211f);
    }

    [Fact]
    public void ToBatch_Float32ColumnGivenText_FormatExceptionNamingRecordAndColumn()
    {
        var read = () => RecordJson.ToBatch(JsonDocument.Parse("""[{"x": 1}, {"x": "one"}]""").RootElement, Float32);

        read.Should().Throw<FormatException>().WithMessage("record 1: column 'x' must be a number");
    }
}
