using System.Diagnostics;
using System.Globalization;
using DataPrep.Benchmarks.Harness;
using DataPrep.IO.Parquet.Pages;
using Parquet;
using Parquet.Meta;

namespace DataPrep.Benchmarks.Commands;

/// <summary>
/// <c>snappy --data FILE [--repeat 7] [--only ours|snappier]</c>: Snappy page decompression on one thread, over every
/// Snappy page of the file's first row group (read and parsed first, not timed): our
/// <see cref="SnappyBlock"/> against Snappier's <c>Snappy.Decompress</c> (its internal buffer and
/// copy included), each into a reused target of the page's size, alternating page by page. The two
/// must give the same bytes (checked first). Prints per column the uncompressed MB, median MB/s of
/// each and the ratio, and the same for all pages together (wall time: quote the load beside it).
/// <c>--only</c> runs one of the two, for a profiler or <c>perf stat</c> around the process.
/// </summary>
internal static class SnappyCommand
{
    private sealed record Page(string Column, byte[] Compressed, int Length);

    public static async Task<int> RunAsync(CommandLine args, CancellationToken ct)
    {
        var file = Path.GetFullPath(args.String("data") ?? throw new UsageException("snappy needs --data FILE"));
        var repeat = args.Int("repeat", 7);
        var only = args.String("only");
        if (only is not (null or "ours" or "snappier")) throw new UsageException("--only takes ours or snappier");
        args.ThrowIfUnused();

        var pages = await ReadPagesAsync(file, ct);
        if (pages.Count == 0) throw new UsageException($"{file} has no Snappy pages in its first row group");
        var target = new byte[pages.Max(p => p.Length)];
        var check = new byte[target.Length];
        foreach (var page in pages)
        {
            SnappyBlock.Decompress(page.Compressed, target.AsSpan(0, page.Length));
            if (Snappier.Snappy.Decompress(page.Compressed, check.AsSpan(0, page.Length)) != page.Length
                || !target.AsSpan(0, page.Length).SequenceEqual(check.AsSpan(0, page.Length)))
                throw new InvalidOperationException($"column {page.Column}: SnappyBlock and Snappier disagree");
        }

        // seconds[run][page], one table per decoder.
        var ours = new double[repeat][];
        var theirs = new double[repeat][];
        for (var r = 0; r < repeat; r++)
        {
            ours[r] = new double[pages.Count];
            theirs[r] = new double[pages.Count];
            for (var i = 0; i < pages.Count; i++)
            {
                var page = pages[i];
                // Alternate which one goes first, so neither always finds the other's output in cache.
                var oursFirst = (r + i) % 2 == 0;
                if (oursFirst && only != "snappier") ours[r][i] = Time(() => SnappyBlock.Decompress(page.Compressed, target.AsSpan(0, page.Length)));
                if (only != "ours") theirs[r][i] = Time(() => Snappier.Snappy.Decompress(page.Compressed, target.AsSpan(0, page.Length)));
                if (!oursFirst && only != "snappier") ours[r][i] = Time(() => SnappyBlock.Decompress(page.Compressed, target.AsSpan(0, page.Length)));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{file}: {pages.Count} Snappy pages in row group 0, {pages.Sum(p => (long)p.Length) / 1e6:F1} MB uncompressed; one thread, medians of {repeat}"));
        Console.WriteLine("| column | pages | MB | ratio | SnappyBlock MB/s | Snappier MB/s | ours / Snappier |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var column in pages.Select(p => p.Column).Distinct())
            Line(column, Enumerable.Range(0, pages.Count).Where(i => pages[i].Column == column).ToArray());
        Line("all", Enumerable.Range(0, pages.Count).ToArray());
        return 0;

        void Line(string name, int[] which)
        {
            var bytes = which.Sum(i => (long)pages[i].Length);
            var compressed = which.Sum(i => (long)pages[i].Compressed.Length);
            var mine = Medians.Of(ours.Select(run => which.Sum(i => run[i])));
            var other = Medians.Of(theirs.Select(run => which.Sum(i => run[i])));
            // A decoder left out by --only has zero seconds: a dash.
            string Rate(double seconds) => seconds > 0 ? (bytes / seconds / 1e6).ToString("F0", CultureInfo.InvariantCulture) : "-";
            var ratio = mine > 0 && other > 0 ? (other / mine).ToString("F2", CultureInfo.InvariantCulture) : "-";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {which.Length} | {bytes / 1e6:F1} | {(double)bytes / compressed:F2} | {Rate(mine)} | {Rate(other)} | {ratio} |"));
        }
    }

    private static double Time(Action action)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>The compressed bodies of the first row group's Snappy pages (a v2 page's levels, stored uncompressed, left out).</summary>
    private static async Task<List<Page>> ReadPagesAsync(string file, CancellationToken ct)
    {
        await using var stream = File.OpenRead(file);
        await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: ct);
        var pages = new List<Page>();
        var group = reader.Metadata?.RowGroups.FirstOrDefault() ?? throw new UsageException($"{file} has no row group");
        foreach (var chunk in group.Columns)
        {
            var meta = chunk.MetaData!;
            if (meta.Codec != CompressionCodec.SNAPPY) continue;
            var start = meta.DictionaryPageOffset is > 0 and var d && d < meta.DataPageOffset ? d : meta.DataPageOffset;
            var bytes = new byte[meta.TotalCompressedSize];
            stream.Position = start;
            await stream.ReadExactlyAsync(bytes, ct);
            for (var at = 0; at < bytes.Length;)
            {
                var header = PageHeaderInfo.Parse(bytes, at);
                at = header.BodyEnd;
                var levels = header.Type == PageType.DATA_PAGE_V2 ? header.DefinitionLength + header.RepetitionLength : 0;
                if (header.Type == PageType.DATA_PAGE_V2 && !header.IsCompressed) continue;
                pages.Add(new Page(string.Join('.', meta.PathInSchema),
                    bytes.AsSpan(header.BodyStart + levels, header.CompressedSize - levels).ToArray(), header.UncompressedSize - levels));
            }
        }
        return pages;
    }
}
