using System.Text.Json.Nodes;
using DataPrep.Reports;

namespace DataPrep.Tests.Reports;

public class ReportSchemaTests
{
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DataPrep.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("DataPrep.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Schema_ReportTypes_EqualsCheckedInSchema()
    {
        var path = Path.Combine(RepositoryRoot(), "schemas", "quality-report.schema.json");
        var generated = ReportJson.Schema();

        if (Environment.GetEnvironmentVariable("DATAPREP_UPDATE_SCHEMA") == "1") File.WriteAllText(path, generated);

        File.Exists(path).Should().BeTrue("run the tests with DATAPREP_UPDATE_SCHEMA=1 to write {0}", path);
        File.ReadAllText(path).Should().Be(generated,
            "schemas/quality-report.schema.json is generated from the report types; rerun with DATAPREP_UPDATE_SCHEMA=1 and commit it");
    }

    [Fact]
    public void Schema_DescribesEveryProperty()
    {
        var schema = JsonNode.Parse(ReportJson.Schema())!;
        var missing = new List<string>();
        void Walk(JsonNode? node, string path)
        {
            if (node is JsonObject o)
            {
                if (o["properties"] is JsonObject props)
                    foreach (var (name, prop) in props)
                        if (prop is JsonObject p && p["description"] is null && p["$ref"] is null) missing.Add($"{path}.{name}");
                foreach (var (k, v) in o) Walk(v, $"{path}.{k}");
            }
            else if (node is JsonArray a) foreach (var item in a) Walk(item, path);
        }
        Walk(schema, "$");

        missing.Should().BeEmpty("every report property needs a <summary>: it becomes the schema description");
        schema["properties"]!["metrics"]!["properties"]!["duplicate_rate"].Should().NotBeNull();
    }
}
