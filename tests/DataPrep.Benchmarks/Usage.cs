namespace DataPrep.Benchmarks;

internal static class Usage
{
    private const string Text = """
        DataPrep end-to-end benchmarks (run with: dotnet run -c Release --project tests/DataPrep.Benchmarks -- COMMAND ...)

          generate --out FILE [--rows 10M] [--seed 1] [--verify]
              Write the reference data set; --verify writes it twice and compares SHA-256.
        """;

    public static int Print() => Print(Console.Out);

    public static int Print(TextWriter writer)
    {
        writer.WriteLine(Text);
        return 0;
    }
}
