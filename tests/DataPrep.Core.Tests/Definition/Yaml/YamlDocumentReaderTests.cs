using System.Diagnostics;
using System.Text;
using DataPrep.Definition;
using DataPrep.Definition.Yaml;

namespace DataPrep.Tests.Definition.Yaml;

public class YamlDocumentReaderTests
{
    private static IReadOnlyList<Diagnostic> Problems(string text) => YamlDocumentReader.Read(text, "f.yaml").Diagnostics;

    [Fact]
    public void Read_Scalars_KeepPositionAndQuoting()
    {
        var (root, diagnostics) = YamlDocumentReader.Read("a: 1\nb:\n  - 'x'\n  - ~\n", "f.yaml");

        diagnostics.Should().BeEmpty();
        var map = root.Should().BeOfType<YamlMapping>().Subject;
        map.Entries[0].Value.Should().BeEquivalentTo(new { Value = "1", Quoted = false, Line = 1, Column = 4 });
        var seq = map.Entries[1].Value.Should().BeOfType<YamlSequence>().Subject;
        seq.Items[0].Should().BeEquivalentTo(new { Value = "x", Quoted = true, Line = 3, Column = 5 });
        ((YamlScalar)seq.Items[1]).IsNull.Should().BeTrue();
    }

    [Fact]
    public void Read_DeepNesting_FailsWithDP0002AtTheTooDeepNode()
    {
        var text = "a: " + new string('[', 10_000) + new string(']', 10_000);

        Problems(text).ShouldBeSingle("DP0002", 1, 67, "").Message.Should().Contain("64");
    }

    [Fact]
    public void Read_BillionLaughs_FailsFastWithoutExpanding()
    {
        var sb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (var c = 'b'; c <= 'j'; c++)
        {
            var prev = (char)(c - 1);
            sb.Append($"{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n");
        }
        var watch = Stopwatch.StartNew();

        var problems = Problems(sb.ToString());

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1));
        var d = problems.Should().ContainSingle().Subject;
        d.Code.Should().Be("DP0002");
        d.Location.Line.Should().BeInRange(2, 10);
    }

    [Fact]
    public void Read_TooManyAliases_FailsWithDP0002()
    {
        var text = "a: &a x\nb: [" + string.Join(", ", Enumerable.Repeat("*a", 101)) + "]\n";

        Problems(text).ShouldBeSingle("DP0002", 2, 5 + (100 * 4), "").Message.Should().Contain("100 aliases");
    }

    [Fact]
    public void Read_HugeNodeCount_FailsWithDP0002()
    {
        var text = "a: [" + string.Join(",", Enumerable.Repeat("1", 150_000)) + "]";

        Problems(text).Should().ContainSingle().Which.Code.Should().Be("DP0002");
    }

    [Fact]
    public void Read_FileOverFourMebibytes_FailsWithDP0002()
    {
        var text = "a: \"" + new string('x', 4 * 1024 * 1024) + "\"";

        Problems(text).ShouldBeSingle("DP0002", 1, 1, "");
    }

    [Fact]
    public void Read_DuplicateKey_ReportsDP0107AtSecondAndKeepsFirst()
    {
        var (root, diagnostics) = YamlDocumentReader.Read("a:\n  b: 1\n  c: 2\n  b: 3\n", "f.yaml");

        diagnostics.ShouldBeSingle("DP0107", 4, 3, "a.b");
        var inner = (YamlMapping)((YamlMapping)root!).Entries[0].Value;
        inner.Entries.Select(e => ((YamlScalar)e.Value).Value).Should().Equal("1", "2");
    }

    [Theory]
    [InlineData("a: 1\n  b: 2", 2, 4)]
    [InlineData("a: [1, 2", 2, 1)]
    [InlineData("- a\nb: 1", 2, 1)]
    [InlineData("a: 1\n---\nb: 2\n", 2, 1)]
    [InlineData("x: *nope", 1, 4)]
    public void Read_Malformed_ReportsDP0001AtPosition(string text, int line, int column)
    {
        Problems(text).ShouldBeSingle("DP0001", line, column, "");
    }

    [Fact]
    public void Read_UnterminatedFlowThatCrashesTheScanner_StillReportsDP0001()
    {
        Problems("a: [1, 2\nb: 3").Should().ContainSingle().Which.Code.Should().Be("DP0001");
    }

    [Fact]
    public void Read_Json_GivesPositions()
    {
        var (root, diagnostics) = YamlDocumentReader.Read("{\n\t\"a\": [true, \"x\"]\n}", "f.json");

        diagnostics.Should().BeEmpty();
        var seq = (YamlSequence)((YamlMapping)root!).Entries[0].Value;
        seq.Items[1].Should().BeEquivalentTo(new { Value = "x", Quoted = true, Line = 2, Column = 14 });
    }
}
