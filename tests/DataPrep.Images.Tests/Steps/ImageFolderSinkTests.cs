using DataPrep.Images.Codecs;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps;

public class ImageFolderSinkTests
{
    private const string Augment = """
          - augment:
              copies: 2
              format: png
              ops:
                - random_resized_crop: { size: [40, 30] }
        """;

    [Fact]
    public async Task Run_ImageFolderSink_WritesClassFoldersAndIndexInTheCommittedVersion()
    {
        using var p = new ImagePipeline();
        p.Write("cats/c0.png", SyntheticImages.Png(SyntheticImages.Scene(0)));
        p.Write("cats/c1.jpg", SyntheticImages.Jpeg(SyntheticImages.Scene(1)));
        p.Write("dogs/d0.png", SyntheticImages.Png(SyntheticImages.Scene(2)));
        var result = await p.RunAsync(Augment, "image_folder: { path: tree }", 64, 2, "tree");

        var version = Path.Combine(result.Plan.OutputRoot, $"v{result.Manifest.Version:D6}");
        var files = Directory.EnumerateFiles(Path.Combine(version, "images"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(version, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        files.Should().Equal(
            "images/cats/c0-2.png", "images/cats/c0.png", "images/cats/c1-2.png", "images/cats/c1.png",
            "images/dogs/d0-2.png", "images/dogs/d0.png");
        foreach (var f in files)
            SkiaImageCodec.Instance.ReadHeader(File.ReadAllBytes(Path.Combine(version, f))).Should().Be(new ImageHeader(40, 30, 3, ImageFormat.Png));

        var index = File.ReadAllLines(Path.Combine(version, "data", "part-00000.csv"));
        index[0].Should().Be("file,label,bytes,sha256");
        index.Skip(1).Select(l => l.Split(',')[0]).Should().BeEquivalentTo(files);
        foreach (var line in index.Skip(1))
        {
            var parts = line.Split(',');
            var bytes = File.ReadAllBytes(Path.Combine(version, parts[0]));
            parts[2].Should().Be(bytes.Length.ToString());
            parts[3].Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        }
        Directory.EnumerateFileSystemEntries(Path.Combine(result.Plan.OutputRoot, "_staging")).Should().BeEmpty("the tree was published from staging");
    }

    [Fact]
    public async Task Run_ImageFolderSinkOnAMissingColumn_FailsNamingItAndCommitsNothing()
    {
        using var p = new ImagePipeline();
        p.Write("cats/c0.png", SyntheticImages.Png(SyntheticImages.Scene(0)));
        var run = () => p.RunAsync(Augment, "image_folder: { path: tree, column: pixels }", 64, 1, "tree");
        (await run.Should().ThrowAsync<Exception>()).Which.ToString().Should().Contain("no column 'pixels'");
        Directory.EnumerateDirectories(Path.Combine(p.Root, "tree"), "v*").Should().BeEmpty();
    }
}
