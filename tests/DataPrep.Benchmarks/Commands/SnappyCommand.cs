using System.Diagnostics;
using System.Globalization;
using DataPrep.Benchmarks.Harness;
using DataPrep.IO.Parquet.Pages;
using Parquet;
using Parquet.Meta;

namespace DataPrep.Benchmarks.Commands;

/// <summary>
/// <c>snappy --data FILE [--repeat 7]</c>: Snappy page decompression on one thread, over every
/// Snappy page of the file's first row group (read and parsed first, not timed): our
/// <see cref="SnappyBlock"/> against Snappier's <c>Snappy.Decompress</c> (its internal buffer and
/// copy included), each into a reused target of the page's size, alternating page by page. The two
/// must give the same bytes (checked first). Prints per column the uncompressed MB, median MB/s of
/// each and the ratio, and the same for all pages together (wall time: quote the load beside it).
/// </summary>
internal static class SnappyCommand
{
    private sealed record Page(string Column, byte[] Compressed, int Length);

    public static async Task<int> RunAsync(CommandLine args, CancellationToken ct)
    {
        var file = Path.GetFullPath(args.String("data") ?? throw new UsageException("snappy needs --data FILE"));
        var repeat = args.Int("repeat", 7);
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
                if ((r + i) % 2 == 0)
                {
                    ours[r][i] = Time(() => SnappyBlock.Decompress(page.Compressed, target.AsSpan(0, page.Length)));
                    theirs[r][i] = Time(() => Snappier.Snappy.Decompress(page.Compressed, target.AsSpan(0, page.Length)));
                }
                else
                {
                    theirs[r][i] = Time(() => Snappier.Snappy.Decompress(page.Compressed, target.AsSpan(0, page.Length)));
                    ours[r][i] = Time(() => SnappyBlock.Decompress(page.Compressed, target.AsSpan(0, page.Length)));
                }
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
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {which.Length} | {bytes / 1e6:F1} | {(double)bytes / compressed:F2} | {bytes / mine / 1e6:F0} | {bytes / other / 1e6:F0} | {other / mine:F2} |"));
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
