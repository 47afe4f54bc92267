using DataPrep.Definition;

namespace DataPrep.Tests.Definition;

internal static class DiagnosticAssertions
{
    /// <summary>Asserts exactly one diagnostic and that it has this code, position and path.</summary>
    public static Diagnostic ShouldBeSingle(this IReadOnlyList<Diagnostic> diagnostics, string code, int line, int column, string path)
    {
        diagnostics.Should().ContainSingle(because: string.Join("\n", diagnostics));
        return diagnostics[0].ShouldBe(code, line, column, path);
    }

    public static Diagnostic ShouldBe(this Diagnostic d, string code, int line, int column, string path)
    {
        d.Code.Should().Be(code, d.ToString());
        (d.Location.Line, d.Location.Column).Should().Be((line, column), d.ToString());
        d.Path.Should().Be(path, d.ToString());
        return d;
    }
}
