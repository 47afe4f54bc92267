using DataPrep.Images.Kernels;
using DataPrep.Images.Steps.DedupeImages;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps;

public class DedupeImagesStepTests
{
    /// <summary>
    /// Originals, each with four altered copies (JPEG re-encode at quality 60, resized to 60%,
    /// about 4% cropped off every side, brightness +20), plus unrelated scenes. A pair counts as found
    /// when the dropped copy names its original as survivor.
    /// </summary>
    [Fact]
    public async Task Run_GeneratedNearDuplicates_PrecisionAndRecallMeetTargets()
    {
        using var p = new ImagePipeline();
        const int originals = 30, unrelated = 60;
        for (var i = 0; i < originals; i++)
        {
            var scene = SyntheticImages.Scene(1000 + i);
            p.Write($"g{i:D2}/a_original.png", SyntheticImages.Png(scene));
            p.Write($"g{i:D2}/b_jpeg.jpg", SyntheticImages.Jpeg(scene, 60));
            p.Write($"g{i:D2}/c_resized.png", SyntheticImages.Png(Resample.Resize(scene, 96, 72, ResizeFilter.Area)));
            p.Write($"g{i:D2}/d_cropped.png", SyntheticImages.Png(Resample.Run(scene, new CropRect(6, 4, 148, 112), 148, 112, ResizeFilter.Bilinear)));
            p.Write($"g{i:D2}/e_brighter.png", SyntheticImages.Png(SyntheticImages.Brighter(scene, 20)));
        }
        for (var i = 0; i < unrelated; i++) p.Write($"z{i:D2}/only.png", SyntheticImages.Png(SyntheticImages.Scene(5000 + i)));

        var result = await p.RunAsync("- dedupe_images: { max_distance: 12 }");

        var dropped = await ImagePipeline.ReadAsync(ImagePipeline.FileOf(result, "dropped"));
        var kept = await ImagePipeline.ReadAsync(ImagePipeline.FileOf(result, "data"));
        string Group(string file) => Path.GetFileName(Path.GetDirectoryName(file)!);
        var truePositives = dropped.Count(d => Group((string)d["source_file"]!) == Group((string)d["survivor_file"]!) && Group((string)d["source_file"]!).StartsWith('g'));
        var precision = dropped.Count == 0 ? 0 : (double)truePositives / dropped.Count;
        var recall = (double)truePositives / (originals * 4);
        precision.Should().BeGreaterThanOrEqualTo(0.98);
        recall.Should().BeGreaterThanOrEqualTo(0.95);
        kept.Should().HaveCount(originals + unrelated + (originals * 4 - truePositives) - (dropped.Count - truePositives));
        dropped.Should().OnlyContain(d => ((string)d["reason_code"]!).StartsWith("dedupe_images."));
    }

    [Fact]
    public async Task Run_ByteIdenticalCopy_DroppedAsExactNamingSurvivor()
    {
        using var p = new ImagePipeline();
        var bytes = SyntheticImages.Png(SyntheticImages.Scene(1));
        p.Write("a/1.png", bytes);
        p.Write("b/2.png", bytes);
        p.Write("c/3.png", SyntheticImages.Png(SyntheticImages.Scene(2)));
        var result = await p.RunAsync("- dedupe_images: { hash_column: phash }");
        var dropped = (await ImagePipeline.ReadAsync(ImagePipeline.FileOf(result, "dropped"))).Single();
        dropped["reason_code"].Should().Be("dedupe_images.exact");
        ((string)dropped["survivor_file"]!).Should().EndWith("a/1.png");
        (await ImagePipeline.ReadAsync(ImagePipeline.FileOf(result, "data"))).Should().OnlyContain(r => r["phash"] != null);
    }

    [Fact]
    public void BkTree_Query_FindsExactlyTheHashesWithinRadius()
    {
        var rng = new Random(3);
        var hashes = Enumerable.Range(0, 2000).Select(_ => (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 40)).ToArray();
        var tree = new BkTree();
        for (var i = 0; i < hashes.Length; i++) tree.Add(hashes[i], i);
        var found = new List<(int Item, int Distance)>();
        for (var q = 0; q < 50; q++)
        {
            var query = hashes[q] ^ (1UL << q);
            found.Clear();
            tree.Query(query, 12, found);
            var expected = Enumerable.Range(0, hashes.Length).Where(i => BkTree.Distance(hashes[i], query) <= 12);
            found.Select(f => f.Item).Should().BeEquivalentTo(expected);
        }
    }
}
