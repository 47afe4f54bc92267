using System.Text.Json;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Commands;

public sealed class ReportCommandTests
{
    private static TempDirectory WithPenguins()
    {
        var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("pipelines"));
        Directory.CreateDirectory(dir.Combine("data", "penguins"));
        File.Copy(Path.Combine(CliProcess.RepositoryRoot, "pipelines", "quickstart.yaml"), dir.Combine("pipelines", "quickstart.yaml"));
        File.Copy(CliProcess.Penguins, dir.Combine("data", "penguins", "penguins.csv"));
        return dir;
    }

    [Fact]
    public async Task Init_Penguins_ProposesPipelineThatValidatesAndRuns()
    {
        using var dir = WithPenguins();

        var (init, yaml, initError) = await CliProcess.RunAsync(dir.Path, "init", "data/penguins/penguins.csv", "--label", "Species");

        init.Should().Be(0, initError);
        var file = dir.Combine("pipelines", "penguins.yaml");
        File.Exists(file).Should().BeTrue(yaml);
        var text = File.ReadAllText(file);
        text.Should().Contain("  # 'Beak Length (mm)' has 2 nulls").And.Contain("- validate:").And.Contain("allowed: [\"MALE\", \"FEMALE\"], on_fail: repair");
        text.Should().Contain("label 'Species' is skewed", "the finding is named even while no rebalance step is registered");
        var (validate, _, validateError) = await CliProcess.RunAsync(dir.Path, "validate", "pipelines/penguins.yaml");
        validate.Should().Be(0, validateError);
        var (run, output, runError) = await CliProcess.RunAsync(dir.Path, "run", "pipelines/penguins.yaml");
        run.Should().Be(0, runError);
        output.Should().Contain("committed version 1").And.Contain("344 rows written", "init proposes impute before validate now that impute exists, so the two birds without measurements are filled, not quarantined");
        var (again, _, againError) = await CliProcess.RunAsync(dir.Path, "init", "data/penguins/penguins.csv");
        again.Should().Be(2, "an existing pipeline file is not overwritten");
        againError.Should().Contain("exists");
    }

    [Fact]
    public async Task Profile_Penguins_WritesReportsAndPrintsColumns()
    {
        using var dir = WithPenguins();

        var (exit, stdout, error) = await CliProcess.RunAsync(dir.Path, "profile", "data/penguins/penguins.csv");

        exit.Should().Be(0, error);
        stdout.Should().Contain("Body Mass (g)").And.Contain("Adelie (152)").And.Contain("profiled 344 rows");
        using var json = JsonDocument.Parse(File.ReadAllText(dir.Combine("out", "profile", "penguins", "report.json")));
        json.RootElement.GetProperty("source").GetProperty("rows").GetInt64().Should().Be(344);
        File.ReadAllText(dir.Combine("out", "profile", "penguins", "report.html")).Should().Contain("<svg");
    }

    [Fact]
    public async Task Run_ErrorGateFails_Exits3AndCommitsNothing()
    {
        using var dir = WithPenguins();
        var yaml = File.ReadAllText(dir.Combine("pipelines", "quickstart.yaml")).Replace("{ metric: row_count, min: 300 }", "{ metric: row_count, min: 1000 }", StringComparison.Ordinal);
        File.WriteAllText(dir.Combine("pipelines", "quickstart.yaml"), yaml);

        var (exit, _, error) = await CliProcess.RunAsync(dir.Path, "run", "pipelines/quickstart.yaml");

        exit.Should().Be(3, error);
        error.Should().Contain("quality gate failed: row_count = 342 outside >= 1000").And.Contain("nothing was committed");
        Directory.EnumerateFiles(dir.Combine("out", "quickstart", "_manifests"), "v*.json").Should().BeEmpty();
    }

    [Fact]
    public async Task Run_Quickstart_HtmlReportRendersOfflineInChromium()
    {
        if (!HeadlessChromium.Available)
        {
            // CI installs Debian's chromium (.ci/run); a developer machine may not have it.
            Console.WriteLine($"SKIPPED: {HeadlessChromium.Executable} is missing; install the Debian package 'chromium' to run the browser test");
            return;
        }
        using var dir = WithPenguins();
        var (exit, _, error) = await CliProcess.RunAsync(dir.Path, "run", "pipelines/quickstart.yaml");
        exit.Should().Be(0, error);
        var html = dir.Combine("out", "quickstart", "v000001", "report", "report.html");

        await using var browser = await HeadlessChromium.StartAsync();
        await browser.OpenAsync(html);
        var sizes = (await browser.EvaluateAsync(
            "JSON.stringify([...document.querySelectorAll('svg')].map(s => { const r = s.getBoundingClientRect(); return [r.width, r.height]; }))"))!.GetValue<string>();
        var svgRects = (await browser.EvaluateAsync("document.querySelectorAll('svg rect').length"))!.GetValue<int>();
        var png = await browser.ScreenshotAsync();

        var artifacts = Path.Combine(CliProcess.RepositoryRoot, "out", "ci-artifacts");
        Directory.CreateDirectory(artifacts);
        await File.WriteAllBytesAsync(Path.Combine(artifacts, "quickstart-report.png"), png);
        var boxes = JsonSerializer.Deserialize<double[][]>(sizes)!;
        boxes.Should().HaveCountGreaterThan(10, "histograms, bars, null bars and the funnel are SVG");
        boxes.Should().OnlyContain(b => b[0] > 0 && b[1] > 0, "every chart must render with a size");
        svgRects.Should().BeGreaterThan(50);
        browser.Requests.Where(u => u != new Uri(html).AbsoluteUri).Should().BeEmpty("the report is self-contained: no request may leave the page");
        png.Length.Should().BeGreaterThan(10_000);
        png.AsSpan(0, 8).ToArray().Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
    }
}
