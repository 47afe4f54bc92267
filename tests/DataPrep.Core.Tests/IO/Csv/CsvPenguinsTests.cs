using Apache.Arrow.Types;
using DataPrep.IO;

namespace DataPrep.Tests.IO.Csv;

/// <summary>The bundled real data set: missing values, mixed integer and decimal columns.</summary>
public sealed class CsvPenguinsTests
{
    private static string PenguinsFile()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DataPrep.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "data", "penguins", "penguins.csv");
    }

    [Fact]
    public async Task ReadAsync_Penguins_InfersTypesAndReadsEveryRow()
    {
        var file = PenguinsFile();
        var source = Formats.CreateSource(new SourceOptions { Csv = new CsvSourceOptions { Path = file } }, "/");

        var schema = await source.ReadSchemaAsync(file, CancellationToken.None);
        var chunks = await TestBatches.ReadAllAsync(source, file, new ReadRequest(null, 100, 1));

        schema.FieldsList.Select(f => f.DataType.TypeId).Should().Equal(ArrowTypeId.String, ArrowTypeId.String,
            ArrowTypeId.Double, ArrowTypeId.Double, ArrowTypeId.Int64, ArrowTypeId.Int64, ArrowTypeId.String);
        chunks.Sum(c => c.Batch.Length).Should().Be(344);
        chunks.SelectMany(c => c.BadRecords).Should().BeEmpty();
        chunks[0].Batch.Column("Beak Length (mm)").NullCount.Should().Be(1);
    }
}
