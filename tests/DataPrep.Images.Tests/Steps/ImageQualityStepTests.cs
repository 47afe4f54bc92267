using DataPrep.Images.Kernels;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps;

public class ImageQualityStepTests
{
    [Fact]
    public async Task Run_MixedSet_QuarantinesAndFlagsEachProblemWithItsReason()
    {
        using var p = new ImagePipeline();
        p.Write("ok/good.png", SyntheticImages.Png(SyntheticImages.Scene(1)));
        p.Write("bad/tiny.png", SyntheticImages.Png(SyntheticImages.Scene(2, 20, 20)));
        p.Write("bad/blank.png", SyntheticImages.Png(SyntheticImages.Blank(100, 80, 128)));
        p.Write("bad/corrupt.jpg", [0xFF, 0xD8, 0xFF, 0x00, 1, 2, 3]);
        p.Write("odd/panorama.png", SyntheticImages.Png(SyntheticImages.Scene(3, 400, 60)));
        p.Write("odd/blurry.png", SyntheticImages.Png(Blur.Gaussian(SyntheticImages.Scene(4), 6)));
        var gray = new PixelImage(64, 64, 1, SyntheticImages.Scene(5, 64, 64).Data.Where((_, i) => i % 3 == 0).ToArray());
        p.Write("odd/gray.png", DataPrep.Images.Codecs.SkiaImageCodec.Instance.Encode(gray, DataPrep.Images.Codecs.ImageFormat.Png));

        var result = await p.RunAsync("""
              - image_quality:
                  too_small: { min_width: 32, min_height: 32, action: quarantine }
                  aspect_ratio: { max: 3, action: flag }
                  blank: { max_std: 2, action: quarantine }
                  blurry: { min_variance: 20, action: flag }
                  channels: { allowed: [3], action: flag }
            """);

        var quarantine = await ImagePipeline.ReadAsync(ImagePipeline.FileOf(result, "quarantine"));
        quarantine.Select(q => (string)q["reason_code"]!).Should().BeEquivalentTo(["image_quality.too_small", "image_quality.blank", "image_quality.truncated"]);
        var rows = await ImagePipeline.ReadAsync(ImagePipeline.FileOf(result, "data"));
        rows.ToDictionary(r => (string)r["path"]!, r => (string?)r["quality_flags"]).Should().BeEquivalentTo(new Dictionary<string, string?>
        {
            ["ok/good.png"] = null,
            ["odd/panorama.png"] = "aspect_ratio",
            ["odd/blurry.png"] = "blurry",
            ["odd/gray.png"] = "channels",
        });
    }
}
