namespace DataPrep.Tests.Support;

/// <summary>A landing folder of small CSV files and an incremental pipeline over it.</summary>
internal static class Landing
{
    public static void Write(TempDirectory dir, string name, int first, int count, DateTimeOffset modified)
    {
        Directory.CreateDirectory(dir.Combine("in"));
        var path = dir.Combine("in", name);
        File.WriteAllLines(path, ["id,amount", .. Enumerable.Range(first, count).Select(i => $"{i},{i % 100}")]);
        File.SetLastWriteTimeUtc(path, modified.UtcDateTime);
    }

    public static Pipeline Pipeline(TempDirectory dir, string extra = "")
    {
        var path = dir.Combine("nightly.yaml");
        File.WriteAllText(path, $$"""
            version: 1
            name: nightly
            source: { csv: { path: "in/*.csv", types: { id: int64, amount: int64 } } }
            steps:
              - validate: { rules: [ { column: amount, range: [0, 99] } ] }
            sink: { parquet: { path: out } }
            refresh: { incremental: true }
            {{extra}}
            """);
        return DataPrep.Pipeline.Load(path);
    }
}
