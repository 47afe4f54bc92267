using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Apache.Arrow;
using DataPrep.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using ServeApi;

namespace DataPrep.Tests.Examples;

public sealed class ServeApiTests : IClassFixture<ServeApiTests.Api>
{
    private const string PipelineFile = "examples/serve-api/penguins-features.yaml";
    private readonly Api _api;

    public ServeApiTests(Api api) => _api = api;

    /// <summary>
    /// The batch run of the shipped pipeline (a copy, with the penguins file, in a temporary folder)
    /// saves its fit artifact; then the training file is deleted and the API serves the pipeline
    /// with that artifact, in memory (WebApplicationFactory, no port).
    /// </summary>
    public sealed class Api : WebApplicationFactory<Program>, IAsyncLifetime
    {
        private readonly TempDirectory _dir = new();

        public string PipelinePath { get; private set; } = "";

        public string FitPath => _dir.Combine("penguins-features.fit.json");

        /// <summary>The raw penguins file as JSON records, the API's request body.</summary>
        public string RawRecords { get; private set; } = "";

        /// <summary>The rows the batch run committed, as JSON records.</summary>
        public string BatchRows { get; private set; } = "";

        /// <summary>The source rows the batch run quarantined.</summary>
        public IReadOnlyList<long> BatchQuarantined { get; private set; } = [];

        public async Task InitializeAsync()
        {
            PipelinePath = RepositoryFiles.CopyWithPenguins(_dir, PipelineFile);
            var pipeline = Pipeline.Load(PipelinePath);
            var run = await pipeline.RunAsync(new RunOptions { SaveFitPath = FitPath }); // dataprep run --save-fit
            BatchRows = await ReadJsonAsync(Path.Combine(pipeline.OutputRoot, run.Manifest.Files.Single(f => f.Role == "data").Path));
            using (var quarantine = await ReadAsync(Path.Combine(pipeline.OutputRoot, run.Manifest.Files.Single(f => f.Role == "quarantine").Path)))
                BatchQuarantined = quarantine.Batches.SelectMany(b => ((Int64Array)b.Column("source_row")).Select(v => v!.Value)).ToList();
            using (var raw = await Pipeline.Create("raw").BaseDirectory(pipeline.BaseDirectory).From(pipeline.Definition.Source).ToMemory().Build().CollectAsync())
                RawRecords = ToJson(w => RecordJson.WriteRows(w, raw.Batches));
            // Serving needs the pipeline file and the fit artifact, not the training data.
            File.Delete(_dir.Combine("data", "penguins", "penguins.csv"));
        }

        Task IAsyncLifetime.DisposeAsync()
        {
            _dir.Dispose();
            return Task.CompletedTask;
        }

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            builder.UseSetting("DataPrep:Pipeline", PipelinePath);
            builder.UseSetting("DataPrep:FitArtifact", FitPath);
        }

        private static async Task<MemoryResult> ReadAsync(string parquet) =>
            await Pipeline.Create("read").FromParquet(parquet).ToMemory().Build().CollectAsync();

        private static async Task<string> ReadJsonAsync(string parquet)
        {
            using var rows = await ReadAsync(parquet);
            return ToJson(w => RecordJson.WriteRows(w, rows.Batches));
        }
    }

    [Fact]
    public async Task Transform_EveryPenguinPosted_SameNumbersAsTheBatchRun()
    {
        using var response = await _api.CreateClient().PostAsync("/transform", new StringContent(_api.RawRecords, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        answer["records"]!.AsArray().Should().HaveCount(342);
        answer["records"]!.ToJsonString().Should().Be(_api.BatchRows, "the API applies the batch run's fitted statistics to each record");
        answer["rejected"]!.AsArray().Select(r => (long)r!["index"]!).Should().Equal(_api.BatchQuarantined);
        answer["rejected"]!.AsArray().Should().HaveCount(2).And.OnlyContain(r => (string)r!["code"]! == "validate.not_null");
    }

    [Fact]
    public async Task Transform_OneRecord_AppliesTheSavedStatistics()
    {
        var record = """[{"Species":"Gentoo","Island":"Biscoe","Beak Length (mm)":46.1,"Beak Depth (mm)":13.2,"Flipper Length (mm)":211,"Body Mass (g)":4500,"Sex":"."}]""";

        using var response = await _api.CreateClient().PostAsync("/transform", new StringContent(record, Encoding.UTF8, "application/json"));

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var row = answer["records"]!.AsArray().Should().ContainSingle().Subject!;
        var fit = JsonNode.Parse(await File.ReadAllTextAsync(_api.FitPath))!["steps"]!.AsArray();
        var flipper = fit.Single(s => (string)s!["id"]! == "normalize")!["fit"]!["columns"]!["flipper_length_mm"]!;
        ((string)row["species"]!).Should().Be("Gentoo");
        ((double)row["flipper_length_mm"]!).Should().BeApproximately((211 - (double)flipper["center"]!) / (double)flipper["scale"]!, 1e-12)
            .And.NotBe(211, "the training mean and deviation are applied");
        ((string)row["sex"]!).Should().Be((string)fit.Single(s => (string)s!["id"]! == "impute")!["fit"]!["columns"]!["sex"]!["fill"]!,
            "'.' is repaired to null by the rule, then imputed with the training mode");
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

    [Fact]
    public async Task BuildAsync_NoFitArtifact_FailsAtStartUpNamingTheSetting()
    {
        var build = () => ServeApp.BuildAsync([$"--DataPrep:Pipeline={_api.PipelinePath}"]);

        (await build.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*DataPrep:FitArtifact*--save-fit*");
    }

    [Fact]
    public async Task BuildAsync_ArtifactWithoutAFittedStep_FailsAtStartUpNamingTheStep()
    {
        using var dir = new TempDirectory();
        var artifact = JsonNode.Parse(await File.ReadAllTextAsync(_api.FitPath))!;
        var steps = artifact["steps"]!.AsArray();
        steps.Remove(steps.Single(s => (string)s!["id"]! == "normalize"));
        var stale = dir.Combine("stale.fit.json");
        await File.WriteAllTextAsync(stale, artifact.ToJsonString());

        var build = () => ServeApp.BuildAsync([$"--DataPrep:Pipeline={_api.PipelinePath}", $"--DataPrep:FitArtifact={stale}"]);

        (await build.Should().ThrowAsync<DataPrep.Definition.DefinitionException>()).WithMessage("*has no fit for step 'normalize'*");
    }

    private static string ToJson(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) write(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
