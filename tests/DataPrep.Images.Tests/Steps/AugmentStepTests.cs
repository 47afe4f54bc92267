using System.Runtime.InteropServices;
using DataPrep.Images.Codecs;
using DataPrep.Images.Steps.Augment;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps;

public class AugmentStepTests
{
    private const string TensorSteps = """
          - augment:
              column: image
              output: tensor
              format: tensor
              ops:
                - random_resized_crop: { size: [32, 24], scale: [0.3, 1.0] }
                - flip: { horizontal: 0.5 }
                - color_jitter: { brightness: 0.3, contrast: 0.3, saturation: 0.3, hue: 0.05 }
                - normalize: { mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] }
        """;

    private static void WriteSet(ImagePipeline p)
    {
        for (var i = 0; i < 4; i++) p.Write($"cats/c{i}.png", SyntheticImages.Png(SyntheticImages.Scene(i)));
        for (var i = 0; i < 3; i++) p.Write($"dogs/d{i}.jpg", SyntheticImages.Jpeg(SyntheticImages.Scene(10 + i, 200, 150)));
        var truncated = SyntheticImages.Png(SyntheticImages.Scene(99));
        p.Write("dogs/broken.png", truncated[..(truncated.Length / 2)]);
        p.Write("cats/garbage.jpg", "not an image at all"u8.ToArray());
    }

    [Fact]
    public async Task Run_FolderTree_WritesTensorsLabelsAndReplayableParams()
    {
        using var p = new ImagePipeline();
        WriteSet(p);
        var result = await p.RunAsync(TensorSteps);

        var rows = await ImagePipeline.ReadAsync(ImagePipeline.FileOf(result, "data"));
        rows.Should().HaveCount(7);
        rows.Select(r => r["label"]).Should().BeEquivalentTo(["cats", "cats", "cats", "cats", "dogs", "dogs", "dogs"]);
        var quarantine = await ImagePipeline.ReadAsync(ImagePipeline.FileOf(result, "quarantine"));
        quarantine.Select(q => (string)q["reason_code"]!).Should().BeEquivalentTo(["augment.truncated", "augment.corrupt"]);

        var options = new AugmentOptions { Format = AugmentFormat.Tensor };
        foreach (var row in rows)
        {
            var tensor = (byte[])row["tensor"]!;
            tensor.Length.Should().Be(3 * 24 * 32 * sizeof(float));
            var replayed = AugmentReplay.Run((byte[])row["image"]!, (string)row["augment_params"]!, options);
            replayed.Should().Equal(tensor, "the params column replays its image exactly");
        }
    }

    [Fact]
    public async Task Run_OtherBatchSizeAndParallelism_SameBytes()
    {
        using var p = new ImagePipeline();
        WriteSet(p);
        var a = await p.RunAsync(TensorSteps, batchSize: 64, parallelism: 1, sinkName: "a");
        var b = await p.RunAsync(TensorSteps, batchSize: 1, parallelism: 3, sinkName: "b");
        b.Manifest.Files.Select(f => f.Sha256).Should().Equal(a.Manifest.Files.Select(f => f.Sha256));
    }

    private const string CopiesSteps = """
          - augment:
              copies: 3
              output: aug
              format: png
              ops:
                - random_resized_crop: { size: [40, 30] }
                - rotate: { degrees: [-30, 30], fill: [255, 0, 0] }
                - noise: { sigma: [1, 5] }
                - blur: { sigma: [0.5, 1.5], probability: 1 }
                - grayscale: { probability: 0.5 }
        """;

    [Fact]
    public async Task Run_Copies_MakeOneRowPerCopyWithItsOwnReplayableParams()
    {
        using var p = new ImagePipeline();
        p.Write("a/x.png", SyntheticImages.Png(SyntheticImages.Scene(1)));
        p.Write("b/y.png", SyntheticImages.Png(SyntheticImages.Scene(2)));
        p.Write("b/broken.png", "not an image"u8.ToArray());
        var result = await p.RunAsync(CopiesSteps);
        var rows = await ImagePipeline.ReadAsync(ImagePipeline.FileOf(result, "data"));

        rows.Should().HaveCount(6, "3 copies of each of the 2 good images; the broken one is quarantined once");
        rows.Select(r => (string)r["label"]!).Should().Equal("a", "a", "a", "b", "b", "b");
        rows.Should().OnlyContain(r => !r.ContainsKey("aug_0") && !r.ContainsKey("augment_params_0"));
        rows.Select(r => Convert.ToBase64String((byte[])r["aug"]!)).Distinct().Should().HaveCount(6);
        var options = new AugmentOptions { Format = AugmentFormat.Png };
        for (var i = 0; i < rows.Count; i++)
        {
            var json = (string)rows[i]["augment_params"]!;
            System.Text.Json.Nodes.JsonNode.Parse(json)!["copy"]!.GetValue<int>().Should().Be(i % 3);
            SkiaImageCodec.Instance.ReadHeader((byte[])rows[i]["aug"]!).Should().Be(new ImageHeader(40, 30, 3, ImageFormat.Png));
            AugmentReplay.Run((byte[])rows[i]["image"]!, json, options).Should().Equal((byte[])rows[i]["aug"]!, $"row {i} replays");
        }
        var ledger = result.Manifest.Ledger.Steps.Single(s => s.Step == "augment");
        (ledger.RowsIn, ledger.Synthesized, ledger.Quarantined, ledger.RowsOut).Should().Be((3L, 4L, 1L, 6L));
    }

    [Fact]
    public async Task Run_CopiesAtOtherBatchSizeAndParallelism_SameBytes()
    {
        using var p = new ImagePipeline();
        for (var i = 0; i < 5; i++) p.Write($"c/{i}.png", SyntheticImages.Png(SyntheticImages.Scene(i, 64, 48)));
        var a = await p.RunAsync(CopiesSteps, batchSize: 64, parallelism: 1, sinkName: "a");
        var b = await p.RunAsync(CopiesSteps, batchSize: 2, parallelism: 3, sinkName: "b");
        b.Manifest.Files.Select(f => f.Sha256).Should().Equal(a.Manifest.Files.Select(f => f.Sha256));
        (await ImagePipeline.ReadAsync(ImagePipeline.FileOf(a, "data"))).Should().HaveCount(15);
    }

    // Region decode (JPEG rows and column blocks of the crop only) must not change a single output byte.
    [Fact]
    public void Decode_CropPlans_RegionDecodeGivesFullDecodeBytes()
    {
        List<AugmentOp> ops =
        [
            new() { RandomResizedCrop = new() { Size = [128, 96] } },
            new() { Flip = new() },
            new() { ColorJitter = new() { Brightness = 0.2, Contrast = 0.2 } },
            new() { Normalize = new() },
        ];
        var regions = 0;
        for (var i = 0; i < 12; i++)
        {
            var jpeg = SyntheticImages.Jpeg(SyntheticImages.Scene(i, 200, 150));
            var random = new DataPrep.Data.StableRandom(7, "augment", new DataPrep.Data.RowId(0, i));
            var plan = AugmentPlan.Draw(ops, ref random, 200, 150);
            var decoded = AugmentPlan.Decode(SkiaImageCodec.Instance, jpeg, [plan], long.MaxValue, reduced: true);
            if (decoded.Region) regions++;
            var full = plan.Apply(SkiaImageCodec.Instance.Decode(jpeg, long.MaxValue), DataPrep.Images.Kernels.SimdKernels.Instance, tensor: true).Tensor!;
            plan.Apply(decoded, DataPrep.Images.Kernels.SimdKernels.Instance, tensor: true).Tensor.Should().Equal(full, $"image {i}");
        }
        regions.Should().BeGreaterThan(6, "most random crops read less than the whole image");
    }

    [Theory]
    [InlineData(ImageFormat.Jpeg)]
    [InlineData(ImageFormat.Png)]
    public void DecodeRegion_AnyFormat_EqualsFullDecodeInsideTheCut(ImageFormat format)
    {
        var scene = SyntheticImages.Scene(5, 200, 150);
        var encoded = format == ImageFormat.Png ? SyntheticImages.Png(scene) : SyntheticImages.Jpeg(scene);
        var full = SkiaImageCodec.Instance.Decode(encoded, long.MaxValue);
        var region = SkiaImageCodec.Instance.DecodeRegion(encoded, long.MaxValue, 3, 37, 21, 90, 70);
        (region.Width, region.Height).Should().Be((90, 70));
        // JPEG: the last column may differ (chroma upsampling at the cut); callers keep a margin.
        var columns = format == ImageFormat.Png ? 90 : 89;
        for (var y = 0; y < 70; y++)
            region.Row(y)[..(columns * 3)].ToArray().Should().Equal(full.Row(21 + y).Slice(37 * 3, columns * 3).ToArray(), $"row {y}");
        FluentActions.Invoking(() => SkiaImageCodec.Instance.DecodeRegion(encoded, long.MaxValue, 3, 150, 0, 90, 70)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task Run_LargeJpeg_ReducedDecodeStillGivesTargetSize()
    {
        using var p = new ImagePipeline();
        p.Write("a/big.jpg", SyntheticImages.Jpeg(SyntheticImages.Scene(3, 640, 480)));
        var result = await p.RunAsync("""
              - augment: { format: tensor, ops: [ { resize: { size: [64, 48], filter: area } } ] }
            """);
        var row = (await ImagePipeline.ReadAsync(ImagePipeline.FileOf(result, "data"))).Single();
        var tensor = MemoryMarshal.Cast<byte, float>((byte[])row["image"]!);
        tensor.Length.Should().Be(3 * 64 * 48);
        tensor.ToArray().Should().OnlyContain(v => v >= 0 && v <= 1);
    }

    [Fact]
    public void Load_NormalizeNotLast_ReportsDP0900()
    {
        var context = new DataPrep.Definition.OptionsValidationContext();
        new AugmentOptions { Ops = [new() { Normalize = new() }, new() { Flip = new() }], Format = AugmentFormat.Tensor }.Validate(context);
        context.Errors.Should().Contain(e => e.Code == "DP0900");
    }

    [Fact]
    public async Task Run_DeviceAutoWithoutCuda_FallsBackToSimdWithSameBytes()
    {
        if (DataPrep.Images.Gpu.GpuKernels.TryCreateCuda() is { } cuda) { cuda.Dispose(); return; } // only meaningful without a GPU
        using var p = new ImagePipeline();
        WriteSet(p);
        var cpu = await p.RunAsync(TensorSteps, sinkName: "cpu");
        var auto = await p.RunAsync(TensorSteps.Replace("format: tensor", "format: tensor\n      device: auto"), sinkName: "auto");
        auto.Manifest.Files.Select(f => f.Sha256).Should().Equal(cpu.Manifest.Files.Select(f => f.Sha256));
    }

    [Fact]
    public async Task Validate_DeviceGpuWithoutCuda_ReportsDP0902()
    {
        if (DataPrep.Images.Gpu.GpuKernels.TryCreateCuda() is { } cuda) { cuda.Dispose(); return; }
        using var p = new ImagePipeline();
        WriteSet(p);
        var act = () => p.RunAsync(TensorSteps.Replace("format: tensor", "format: tensor\n      device: gpu"));
        (await act.Should().ThrowAsync<DataPrep.Definition.DefinitionException>()).Which.Message.Should().Contain("DP0902");
    }
}
