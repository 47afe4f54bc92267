using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataPrep.Steps;
using DataPrep.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using ServeApi;

namespace DataPrep.Tests.Examples;

public sealed class ServeApiTests : IClassFixture<ServeApiTests.Api>
{
    private const string PipelineFile = "examples/serve-api/penguins-features.yaml";
    private readonly Api _api;

    public ServeApiTests(Api api) => _api = api;

    /// <summary>The API over the shipped pipeline, in memory (WebApplicationFactory, no port).</summary>
    public sealed class Api : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) =>
            builder.UseSetting("DataPrep:Pipeline", Path.Combine(RepositoryFiles.Root, PipelineFile));
    }

    [Fact]
    public async Task Transform_EveryPenguinPosted_SameNumbersAsTheBatchRun()
    {
        using var dir = new TempDirectory();
        var pipeline = Pipeline.Load(RepositoryFiles.CopyWithPenguins(dir, PipelineFile));
        using var batch = await pipeline.CollectAsync(); // the batch run, over the whole file
        using var raw = await Pipeline.Create("raw").BaseDirectory(Path.GetDirectoryName(pipeline.BaseDirectory + "/")!)
            .From(pipeline.Definition.Source).ToMemory().Build().CollectAsync();

        using var response = await _api.CreateClient().PostAsync("/transform", Json(w => RecordJson.WriteRows(w, raw.Batches)));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        answer["records"]!.ToJsonString().Should().Be(ToJson(w => RecordJson.WriteRows(w, batch.Batches)));
        answer["rejected"]!.AsArray().Select(r => (long)r!["index"]!).Should().Equal(batch.Removed.Where(r => r.Fate == RowFate.Quarantined).Select(r => r.Row));
        answer["rejected"]!.AsArray().Should().HaveCount(2).And.OnlyContain(r => (string)r!["code"]! == "validate.not_null");
    }

    [Fact]
    public async Task Transform_OneRecord_AnswersItTransformed()
    {
        var record = """[{"Species":"Gentoo","Island":"Biscoe","Beak Length (mm)":46.1,"Beak Depth (mm)":13.2,"Flipper Length (mm)":211,"Body Mass (g)":4500,"Sex":"."}]""";

        using var response = await _api.CreateClient().PostAsync("/transform", new StringContent(record, Encoding.UTF8, "application/json"));

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var row = answer["records"]!.AsArray().Should().ContainSingle().Subject!;
        ((string)row["species"]!).Should().Be("Gentoo");
        ((double)row["flipper_length_mm"]!).Should().Be(211);
        row["sex"].Should().BeNull("'.' is not an allowed sex and the rule repairs it to null");
    }

    [Fact]
    public async Task Transform_WrongType_BadRequestNamingRecordAndColumn()
    {
        var records = """[{"Species":"Gentoo"},{"Species":"Adelie","Body Mass (g)":"heavy"}]""";

        using var response = await _api.CreateClient().PostAsync("/transform", new StringContent(records, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("record 1: column 'Body Mass (g)' must be a number");
    }

    [Fact]
    public async Task Transform_UnknownColumn_BadRequestListingColumns()
    {
        using var response = await _api.CreateClient().PostAsync("/transform", new StringContent("""[{"species":"Gentoo"}]""", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("unknown column 'species'");
    }

    [Fact]
    public async Task Schema_ListsTrainingInputAndOutputColumns()
    {
        var schema = await _api.CreateClient().GetFromJsonAsync<JsonNode>("/schema");

        schema!["input"]!.AsArray().Select(c => (string)c!["name"]!).Should().Contain("Beak Length (mm)");
        schema["output"]!.AsArray().Select(c => (string)c!["name"]!).Should().Equal("species", "island", "beak_length_mm", "beak_depth_mm", "flipper_length_mm", "body_mass_g", "sex");
    }

    private static StringContent Json(Action<Utf8JsonWriter> write) => new(ToJson(write), Encoding.UTF8, "application/json");

    private static string ToJson(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) write(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
