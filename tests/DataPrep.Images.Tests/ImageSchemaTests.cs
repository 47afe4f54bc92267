using DataPrep.Definition;
using DataPrep.Images;

namespace DataPrep.Tests;

public class ImageSchemaTests
{
    /// <summary>schemas/pipeline-images.schema.json is what `dataprep schema` prints (built-in + image steps).</summary>
    [Fact]
    public void CheckedInSchema_EqualsGenerated()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "DataPrep.sln"))) dir = Path.GetDirectoryName(dir)!;
        var path = Path.Combine(dir, "schemas", "pipeline-images.schema.json");
        var generated = PipelineSchema.Generate(ImageSteps.CreateRegistry());
        if (Environment.GetEnvironmentVariable("DATAPREP_UPDATE_SCHEMA") == "1") File.WriteAllText(path, generated);
        File.ReadAllText(path).Should().Be(generated, "the image schema is generated; rerun with DATAPREP_UPDATE_SCHEMA=1 and commit it");
    }

    [Fact]
    public void Schema_EveryImageOptionHasADescription()
    {
        var schema = PipelineSchema.Generate(ImageSteps.CreateRegistry());
        foreach (var step in new[] { "augment", "image_quality", "dedupe_images" }) schema.Should().Contain($"\"{step}\"");
        schema.Should().NotContain("\"description\": \"\"");
    }
}
