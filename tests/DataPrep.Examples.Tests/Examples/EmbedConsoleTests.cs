using Apache.Arrow;
using DataPrep.Definition;
using DataPrep.Tests.Support;
using EmbedConsole;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataPrep.Tests.Examples;

public sealed class EmbedConsoleTests
{
    private const string PipelineFile = "examples/embed-console/penguins-ratios.yaml";

    [Fact]
    public async Task RunAsync_CustomStepFromYamlAndCode_CommitsAndCollects()
    {
        using var dir = new TempDirectory();
        var pipeline = RepositoryFiles.CopyWithPenguins(dir, PipelineFile);
        var console = new StringWriter();

        var (committed, inMemory) = await EmbedExample.RunAsync(pipeline, NullLogger.Instance, console, CancellationToken.None);
        using var _ = inMemory;

        committed.Ledger.RowsWritten.Should().Be(342, "the two birds with no measurements are quarantined");
        committed.Ledger.Quarantined.Should().Be(2);
        inMemory.Schema.FieldsList.Select(f => f.Name).Should().EndWith("beak_ratio");
        foreach (var batch in inMemory.Batches)
        {
            var length = (DoubleArray)batch.Column("beak_length_mm");
            var depth = (DoubleArray)batch.Column("beak_depth_mm");
            var ratio = (DoubleArray)batch.Column("beak_ratio");
            var mass = (DoubleArray)batch.Column("body_mass_g");
            for (var i = 0; i < batch.Length; i++)
            {
                ratio.GetValue(i).Should().Be(length.GetValue(i) / depth.GetValue(i));
                mass.GetValue(i).Should().BeGreaterThanOrEqualTo(5000);
            }
        }
        inMemory.RowCount.Should().BePositive();
        console.ToString().Should().Contain("committed version 1 with 342 rows");
    }

    [Fact]
    public void Load_WithoutTheCustomStep_UnknownStepError()
    {
        var load = () => Pipeline.Load(Path.Combine(RepositoryFiles.Root, PipelineFile));

        load.Should().Throw<DefinitionException>().Which.Diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.UnknownStep);
    }

    [Fact]
    public async Task ValidateAsync_ShippedPipelineWithItsRegistry_IsClean()
    {
        var diagnostics = await Pipeline.Load(Path.Combine(RepositoryFiles.Root, PipelineFile), EmbedExample.Registry()).ValidateAsync();

        diagnostics.Should().BeEmpty();
    }

    [Fact]
    public async Task ValidateAsync_RatioOverAStringColumn_SchemaError()
    {
        using var dir = new TempDirectory();
        var pipeline = RepositoryFiles.CopyWithPenguins(dir, PipelineFile);
        File.WriteAllText(pipeline, File.ReadAllText(pipeline).Replace("denominator: beak_depth_mm", "denominator: species"));

        var diagnostics = await Pipeline.Load(pipeline, EmbedExample.Registry()).ValidateAsync();

        diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.ColumnType && d.Path == "steps[2].ratio.denominator");
    }
}
