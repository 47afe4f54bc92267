using System.Diagnostics;
using System.Globalization;
using DataPrep.Benchmarks.Generation;

namespace DataPrep.Benchmarks.Commands;

/// <summary><c>generate --rows N --out FILE [--seed 1] [--verify]</c></summary>
internal static class GenerateCommand
{
    public const ulong DefaultSeed = 1;

    public static async Task<int> RunAsync(CommandLine args, CancellationToken cancellationToken)
    {
        var rows = args.Long("rows", 10_000_000);
        var output = args.String("out") ?? throw new UsageException("generate needs --out FILE");
        var seed = (ulong)args.Long("seed", (long)DefaultSeed);
        var verify = args.Flag("verify");
        args.ThrowIfUnused();

        var hash = await GenerateAsync(rows, seed, output, cancellationToken);
        if (!verify) return 0;

        var again = output + ".verify.parquet";
        try
        {
            var second = await GenerateAsync(rows, seed, again, cancellationToken);
            var same = second == hash;
            Console.WriteLine(same ? "verify: second run is byte-identical" : $"verify: MISMATCH, second run hashed {second}");
            return same ? 0 : 1;
        }
        finally
        {
            File.Delete(again);
        }
    }

    /// <summary>Writes the file and prints what it holds; returns its SHA-256.</summary>
    public static async Task<string> GenerateAsync(long rows, ulong seed, string output, CancellationToken cancellationToken)
    {
        var generator = new ReferenceGenerator(rows, seed);
        var layout = generator.Layout;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generate: {rows:N0} rows, seed {seed}, {layout.Duplicates:N0} duplicates (3 %), {layout.Distinct:N0} rows expected after dedupe -> {output}"));

        var clock = Stopwatch.StartNew();
        await generator.WriteAsync(output, cancellationToken);
        var elapsed = clock.Elapsed.TotalSeconds;
        var bytes = new FileInfo(output).Length;
        var hash = await FileHash.Sha256Async(output, cancellationToken);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generate: {elapsed:F1} s, {rows / elapsed:N0} rows/s, {bytes / 1048576.0:F1} MiB ({bytes / 1048576.0 / elapsed:F1} MiB/s)"));
        Console.WriteLine($"sha256: {hash}");
        return hash;
    }
}
