using System.Text.Json.Nodes;
using DataPrep.Data;
using DataPrep.Images.Kernels;

namespace DataPrep.Images.Steps.Augment;

/// <summary>
/// The drawn parameters of one augmented copy, and how to apply them. The step and a replay use
/// the same <see cref="Apply"/>, so a params column entry reproduces its image exactly.
/// </summary>
internal sealed class AugmentPlan(int sourceWidth, int sourceHeight, IReadOnlyList<AppliedOp> ops)
{
    public int SourceWidth { get; } = sourceWidth;

    public int SourceHeight { get; } = sourceHeight;

    public IReadOnlyList<AppliedOp> Ops { get; } = ops;

    /// <summary>Draws every op's parameters in order from <paramref name="random"/> (the draw order is part of the format).</summary>
    public static AugmentPlan Draw(IReadOnlyList<AugmentOp> ops, ref StableRandom random, int width, int height)
    {
        var applied = new List<AppliedOp>(ops.Count);
        double w = width, h = height; // size of the image as it is at each op
        foreach (var op in ops)
        {
            switch (op)
            {
                case { RandomResizedCrop: { } c }:
                    applied.Add(DrawCrop(c, ref random, w, h));
                    (w, h) = (c.Size[0], c.Size[1]);
                    break;
                case { Resize: { } r }:
                    applied.Add(new ResizeApplied(r.Size[0], r.Size[1], r.Filter));
                    (w, h) = (r.Size[0], r.Size[1]);
                    break;
                case { Flip: { } f }:
                    applied.Add(new FlipApplied(random.NextDouble() < f.Horizontal, random.NextDouble() < f.Vertical));
                    break;
                case { Rotate: { } r }:
                    applied.Add(new RotateApplied(Uniform(ref random, r.Degrees[0], r.Degrees[1]), r.Fill.Select(v => (byte)v).ToArray()));
                    break;
                case { ColorJitter: { } j }:
                    applied.Add(new JitterApplied(Factor(ref random, j.Brightness), Factor(ref random, j.Contrast), Factor(ref random, j.Saturation), Uniform(ref random, -j.Hue, j.Hue)));
                    break;
                case { Noise: { } n }:
                    applied.Add(new NoiseApplied(Uniform(ref random, n.Sigma[0], n.Sigma[1]), (uint)random.NextUInt64()));
                    break;
                case { Blur: { } b }:
                    var blur = random.NextDouble() < b.Probability;
                    var sigma = Uniform(ref random, b.Sigma[0], b.Sigma[1]);
                    applied.Add(new BlurApplied(blur ? sigma : null));
                    break;
                case { Grayscale: { } g }:
                    applied.Add(new GrayscaleApplied(random.NextDouble() < g.Probability));
                    break;
                case { Normalize: { } n }:
                    applied.Add(new NormalizeApplied(n.Mean.Select(v => (float)v).ToArray(), n.Std.Select(v => (float)v).ToArray()));
                    break;
            }
        }
        return new AugmentPlan(width, height, applied);
    }

    /// <summary>torchvision's RandomResizedCrop draw: ten tries at a crop that fits, else a centre crop at the nearest allowed ratio.</summary>
    private static CropApplied DrawCrop(RandomResizedCropOp c, ref StableRandom random, double width, double height)
    {
        var area = width * height;
        double logLow = Math.Log(c.Ratio[0]), logHigh = Math.Log(c.Ratio[1]);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var target = area * Uniform(ref random, c.Scale[0], c.Scale[1]);
            var ratio = Math.Exp(Uniform(ref random, logLow, logHigh));
            var w = Math.Round(Math.Sqrt(target * ratio));
            var h = Math.Round(Math.Sqrt(target / ratio));
            if (w > 0 && h > 0 && w <= width && h <= height)
            {
                var x = Math.Floor(random.NextDouble() * (width - w + 1));
                var y = Math.Floor(random.NextDouble() * (height - h + 1));
                return new CropApplied(x, y, w, h, c.Size[0], c.Size[1], c.Filter);
            }
        }
        var inRatio = width / height;
        double cw = width, ch = height;
        if (inRatio < c.Ratio[0]) ch = Math.Round(cw / c.Ratio[0]);
        else if (inRatio > c.Ratio[1]) cw = Math.Round(ch * c.Ratio[1]);
        return new CropApplied(Math.Floor((width - cw) / 2), Math.Floor((height - ch) / 2), cw, ch, c.Size[0], c.Size[1], c.Filter);
    }

    private static double Uniform(ref StableRandom random, double low, double high) => low + (high - low) * random.NextDouble();

    private static double Factor(ref StableRandom random, double spread) => spread == 0 ? 1 : Uniform(ref random, Math.Max(0, 1 - spread), 1 + spread);

    /// <summary>
    /// The smallest decode size that loses nothing: when the first geometric op shrinks by at least
    /// two, the codec may decode at a reduced size no smaller than this.
    /// </summary>
    public (int Width, int Height) MinimumDecodeSize()
    {
        double scale = 0;
        foreach (var op in Ops)
        {
            switch (op)
            {
                case CropApplied c: scale = Math.Max(c.OutW / c.W, c.OutH / c.H); break;
                case ResizeApplied r: scale = Math.Max((double)r.OutW / SourceWidth, (double)r.OutH / SourceHeight); break;
                case FlipApplied: continue;
            }
            break;
        }
        if (scale is <= 0 or >= 0.5) return (0, 0);
        return ((int)Math.Ceiling(SourceWidth * scale), (int)Math.Ceiling(SourceHeight * scale));
    }

    /// <summary>
    /// Applies the ops to <paramref name="decoded"/> (which may be smaller than the source when it
    /// was decoded at a reduced size: geometry is scaled to it). Consecutive crops, resizes and
    /// flips fold into one <see cref="IImageKernels.Resample"/> call. Returns the image, or the
    /// CHW tensor when the last op is normalize (or <paramref name="tensor"/> asks for one).
    /// </summary>
    public (PixelImage Image, float[]? Tensor) Apply(PixelImage decoded, IImageKernels kernels, bool tensor)
    {
        var image = decoded;
        var pending = Geometry.Start(image, SourceWidth, SourceHeight);
        foreach (var op in Ops)
        {
            switch (op)
            {
                case CropApplied c: pending = pending.Crop(c); continue;
                case ResizeApplied r: pending = pending with { OutW = r.OutW, OutH = r.OutH, Filter = r.Filter }; continue;
                case FlipApplied f: pending = pending with { FlipH = pending.FlipH ^ f.H, FlipV = pending.FlipV ^ f.V }; continue;
            }
            image = pending.Run(image, kernels);
            pending = Geometry.Start(image, image.Width, image.Height);
            switch (op)
            {
                case RotateApplied r: image = Rotate.Bilinear(image, r.Degrees, r.Fill); break;
                case JitterApplied j: image = kernels.Color(image, ColorMatrix.Jitter(j.Brightness, j.Contrast, j.Saturation, j.Hue, ColorTransform.MeanGray(image))); break;
                case NoiseApplied n: image = Noise.Gaussian(image, n.Sigma, n.Key); break;
                case BlurApplied { Sigma: { } s }: image = Blur.Gaussian(image, s); break;
                case GrayscaleApplied { Applied: true }: image = kernels.Color(image, ColorMatrix.Grayscale()); break;
                case NormalizeApplied n: return (image, kernels.NormalizeChw(image, n.Mean, n.Std));
            }
        }
        image = pending.Run(image, kernels);
        return (image, tensor ? kernels.NormalizeChw(image, [0, 0, 0], [1, 1, 1]) : null);
    }

    public string ToJson(int copy)
    {
        var ops = new JsonArray(Ops.Select(o => (JsonNode)o.ToJson()).ToArray());
        return new JsonObject { ["copy"] = copy, ["source_w"] = SourceWidth, ["source_h"] = SourceHeight, ["ops"] = ops }.ToJsonString();
    }

    public static AugmentPlan FromJson(string json)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        return new AugmentPlan((int)o["source_w"]!, (int)o["source_h"]!, o["ops"]!.AsArray().Select(n => AppliedOp.FromJson(n!.AsObject())).ToList());
    }

    /// <summary>
    /// Crops, resizes and flips not yet applied, as one resample of <c>Rect</c> (in decoded pixels)
    /// to OutW × OutH. The image "as it is" at an op has size OutW × OutH; a crop in those pixels
    /// maps back through the pending flips and scale.
    /// </summary>
    private readonly record struct Geometry(CropRect Rect, int OutW, int OutH, bool FlipH, bool FlipV, ResizeFilter Filter, int DecodedW, int DecodedH)
    {
        public static Geometry Start(PixelImage image, int width, int height) =>
            new(new CropRect(0, 0, image.Width, image.Height), width, height, false, false, ResizeFilter.Bilinear, image.Width, image.Height);

        public Geometry Crop(CropApplied c)
        {
            var sx = Rect.Width / OutW; var sy = Rect.Height / OutH;
            var x = FlipH ? OutW - (c.X + c.W) : c.X;
            var y = FlipV ? OutH - (c.Y + c.H) : c.Y;
            return this with { Rect = new CropRect(Rect.X + x * sx, Rect.Y + y * sy, c.W * sx, c.H * sy), OutW = c.OutW, OutH = c.OutH, Filter = c.Filter };
        }

        public PixelImage Run(PixelImage image, IImageKernels kernels)
        {
            var whole = Rect == new CropRect(0, 0, DecodedW, DecodedH) && OutW == DecodedW && OutH == DecodedH;
            if (whole)
            {
                if (FlipH) image = Kernels.Flip.Horizontal(image);
                if (FlipV) image = Kernels.Flip.Vertical(image);
                return image;
            }
            return kernels.Resample(image, Rect, OutW, OutH, Filter, FlipH, FlipV);
        }
    }
}
