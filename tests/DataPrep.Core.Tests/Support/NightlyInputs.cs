using DataPrep.Commit;

namespace DataPrep.Tests.Support;

/// <summary>
/// A landing folder of CSV files for nightly-refresh tests: each row has a unique <c>id</c> and
/// the file it arrived in, so the output can be checked row by row against what arrived.
/// </summary>
internal sealed class NightlyInputs(TempDirectory dir)
{
    private readonly Dictionary<string, List<long>> _files = new(StringComparer.Ordinal);

    public string Folder { get; } = dir.Combine("in");

    /// <summary>Writes (or rewrites) a file with the given ids; a rewrite replaces the file's rows.</summary>
    public void Write(string name, IEnumerable<long> ids, DateTimeOffset modified)
    {
        Directory.CreateDirectory(Folder);
        var list = ids.ToList();
        var path = Path.Combine(Folder, name);
        File.WriteAllLines(path, ["id,file,amount", .. list.Select(i => $"{i},{name},{i * 7 % 1000}")]);
        File.SetLastWriteTimeUtc(path, modified.UtcDateTime);
        _files[name] = list;
    }

    public void Delete(string name)
    {
        File.Delete(Path.Combine(Folder, name));
        _files.Remove(name);
    }

    /// <summary>Every id that should be in the output now, in no particular order.</summary>
    public IReadOnlyList<long> ExpectedIds => _files.Values.SelectMany(v => v).ToList();

    /// <summary>A pipeline over the folder with an incremental refresh and a row-local filter.</summary>
    public string WritePipeline(string extra = "")
    {
        var path = dir.Combine("nightly.yaml");
        File.WriteAllText(path, $$"""
            version: 1
            name: nightly
            source: { csv: { path: "in/*.csv", types: { id: int64, file: string, amount: int64 } } }
            steps:
              - validate: { rules: [ { column: amount, range: [0, 1000] } ] }
            sink: { parquet: { path: out } }
            refresh: { incremental: true }
            {{extra}}
            """);
        return path;
    }

    public string Root => dir.Combine("out");

    /// <summary>The ids in every data file the newest manifest lists.</summary>
    public async Task<List<long>> OutputIdsAsync()
    {
        var manifest = OutputRoot.ReadLatest(Root)!;
        var ids = new List<long>();
        foreach (var file in manifest.Files.Where(f => f.Role == "data"))
        {
            var (schema, rows) = await EngineHarness.ReadRowsAsync(Path.Combine(Root, file.Path));
            var column = schema.GetFieldIndex("id");
            ids.AddRange(rows.Select(r => Convert.ToInt64(r[column], System.Globalization.CultureInfo.InvariantCulture)));
        }
        return ids;
    }

    public static IEnumerable<long> Range(long from, int count) => Enumerable.Range(0, count).Select(i => from + i);
}
