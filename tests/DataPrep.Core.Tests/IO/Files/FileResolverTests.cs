using DataPrep.IO.Files;

namespace DataPrep.Tests.IO.Files;

public sealed class FileResolverTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public FileResolverTests()
    {
        foreach (var name in new[] { "raw/b.parquet", "raw/a.parquet", "raw/B.parquet", "raw/notes.txt", "raw/2024/part-1.parquet",
                     "raw/2024/01/part-0.parquet", "raw/2024/01/other.parquet", "other/x.parquet" })
            File.WriteAllText(_dir.File(name), "");
    }

    public void Dispose() => _dir.Dispose();

    private string[] Resolve(string pattern) =>
        FileResolver.Resolve(pattern, _dir.Path, [".parquet"]).Select(f => Path.GetRelativePath(_dir.Path, f).Replace('\\', '/')).ToArray();

    [Fact]
    public void Resolve_Folder_AllMatchingExtensionsRecursiveOrdinal() =>
        Resolve("raw").Should().Equal("raw/2024/01/other.parquet", "raw/2024/01/part-0.parquet", "raw/2024/part-1.parquet",
            "raw/B.parquet", "raw/a.parquet", "raw/b.parquet");

    [Fact]
    public void Resolve_StarGlob_OneFolderOnly() =>
        Resolve("raw/*.parquet").Should().Equal("raw/B.parquet", "raw/a.parquet", "raw/b.parquet");

    [Fact]
    public void Resolve_DoubleStarGlob_AnyDepthIncludingNone() =>
        Resolve("raw/**/part-*.parquet").Should().Equal("raw/2024/01/part-0.parquet", "raw/2024/part-1.parquet");

    [Fact]
    public void Resolve_QuestionMark_OneCharacter() =>
        Resolve("raw/?.parquet").Should().Equal("raw/B.parquet", "raw/a.parquet", "raw/b.parquet");

    [Fact]
    public void Resolve_SingleFileRelative_Absolute()
    {
        var files = FileResolver.Resolve("raw/a.parquet", _dir.Path, [".parquet"]);

        files.Should().Equal(Path.Combine(_dir.Path, "raw", "a.parquet"));
        Path.IsPathRooted(files[0]).Should().BeTrue();
    }

    [Fact]
    public void Resolve_AbsoluteGlob_IgnoresBase() =>
        FileResolver.Resolve(Path.Combine(_dir.Path, "other", "*.parquet"), "/nowhere", [".parquet"])
            .Should().Equal(Path.Combine(_dir.Path, "other", "x.parquet"));

    [Fact]
    public void Resolve_NothingMatches_Empty()
    {
        Resolve("missing/*.parquet").Should().BeEmpty();
        Resolve("missing.parquet").Should().BeEmpty();
    }
}
