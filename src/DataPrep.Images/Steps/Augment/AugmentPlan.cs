using System.Text.Json.Nodes;
using DataPrep.Data;
using DataPrep.Images.Codecs;
using DataPrep.Images.Kernels;
using DataPrep.Images.Kernels.Batch;

namespace DataPrep.Images.Steps.Augment;

/// <summary>
/// The drawn parameters of one augmented copy, and how to apply them. The step and a replay use
/// the same <see cref="Apply(DecodedSource, IImageKernels, bool)"/>, so a params column entry reproduces its image exactly.
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
    /// The source region (source pixels) the ops read when their first geometric ops crop: the
    /// crop grown by the filter's reach plus a 4-pixel margin, clamped to the image; null when
    /// they read the whole image.
    /// </summary>
    public (int X, int Y, int Width, int Height)? SourceRegion()
    {
        var g = new Geometry(new CropRect(0, 0, SourceWidth, SourceHeight), SourceWidth, SourceHeight, false, false, ResizeFilter.Bilinear, SourceWidth, SourceHeight);
        var cropped = false;
        foreach (var op in Ops)
        {
            switch (op)
            {
                case CropApplied c: g = g.Crop(c); cropped = true; continue;
                case ResizeApplied r: g = g with { OutW = r.OutW, OutH = r.OutH, Filter = r.Filter }; continue;
                case FlipApplied: continue;
            }
            break;
        }
        if (!cropped) return null;
        var rect = g.Rect;
        var scale = Math.Max(1, Math.Max(rect.Width / g.OutW, rect.Height / g.OutH));
        var margin = (int)Math.Ceiling(ResampleTable.Support(g.Filter) * scale) + 4;
        var x0 = Math.Max(0, (int)Math.Floor(rect.X) - margin);
        var y0 = Math.Max(0, (int)Math.Floor(rect.Y) - margin);
        var x1 = Math.Min(SourceWidth, (int)Math.Ceiling(rect.X + rect.Width) + margin);
        var y1 = Math.Min(SourceHeight, (int)Math.Ceiling(rect.Y + rect.Height) + margin);
        if (x1 <= x0 || y1 <= y0 || (x0 == 0 && y0 == 0 && x1 == SourceWidth && y1 == SourceHeight)) return null;
        return (x0, y0, x1 - x0, y1 - y0);
    }

    /// <summary>
    /// One decode for all <paramref name="plans"/> of an image: reduced size (DCT scaling) when every
    /// plan shrinks by at least two, else only the union of their source regions (JPEG decodes just
    /// those rows and column blocks), else the whole image. Either way the result is the same bytes
    /// a full decode gives (the region keeps a margin past every tap), so replay is exact.
    /// </summary>
    public static DecodedSource Decode(IImageCodec codec, ReadOnlySpan<byte> encoded, IReadOnlyList<AugmentPlan> plans, long maxPixels, bool reduced)
    {
        var request = Request(plans, reduced);
        return Source(codec.DecodeWith(encoded, maxPixels, _ => request).Image, request);
    }

    /// <summary>What <see cref="Decode"/> asks the codec for (for <see cref="IImageCodec.DecodeWith"/> when the plans are drawn from the header).</summary>
    public static DecodeRequest Request(IReadOnlyList<AugmentPlan> plans, bool reduced)
    {
        if (!reduced) return new DecodeRequest(3);
        var (minW, minH) = plans.Select(p => p.MinimumDecodeSize()).Aggregate((a, b) =>
            a.Width == 0 || b.Width == 0 ? (0, 0) : (Math.Max(a.Width, b.Width), Math.Max(a.Height, b.Height)));
        if (minW > 0) return new DecodeRequest(3, minW, minH);
        (int X, int Y, int Width, int Height)? union = null;
        foreach (var plan in plans)
        {
            if (plan.SourceRegion() is not { } r) return new DecodeRequest(3);
            union = union is not { } u ? r : (Math.Min(u.X, r.X), Math.Min(u.Y, r.Y),
                Math.Max(u.X + u.Width, r.X + r.Width) - Math.Min(u.X, r.X), Math.Max(u.Y + u.Height, r.Y + r.Height) - Math.Min(u.Y, r.Y));
        }
        return new DecodeRequest(3, Region: union);
    }

    /// <summary>The decoded image of <paramref name="request"/> with its offset in the source.</summary>
    public static DecodedSource Source(PixelImage image, DecodeRequest request) =>
        request.Region is { } r ? new DecodedSource(image, r.X, r.Y, true) : new DecodedSource(image, 0, 0, false);

    /// <summary>Applies the ops to a decoded region (<paramref name="source"/>'s offset within the source image).</summary>
    public (PixelImage Image, float[]? Tensor) Apply(DecodedSource source, IImageKernels kernels, bool tensor) =>
        Apply(source.Image, kernels, tensor, source.Region, source.X, source.Y);

    /// <summary>
    /// Applies the ops to <paramref name="decoded"/> (which may be smaller than the source when it
    /// was decoded at a reduced size: geometry is scaled to it). Consecutive crops, resizes and
    /// flips fold into one <see cref="IImageKernels.Resample"/> call. Returns the image, or the
    /// CHW tensor when the last op is normalize (or <paramref name="tensor"/> asks for one).
    /// </summary>
    public (PixelImage Image, float[]? Tensor) Apply(PixelImage decoded, IImageKernels kernels, bool tensor) => Apply(decoded, kernels, tensor, false, 0, 0);

    /// <summary>
    /// This plan as one job of the batched fused op, when its ops are crops, resizes and flips (that
    /// resample), then at most one colour jitter, then normalize as the last op, on an RGB image:
    /// exactly the sequence <see cref="FusedAugment.Run"/> defines, so the batch gives what
    /// <see cref="Apply(DecodedSource, IImageKernels, bool)"/> would (within the kernels' parity). Else null.
    /// </summary>
    public (FusedJob Job, FusedSpec Spec)? AsFusedJob(DecodedSource source)
    {
        if (source.Image.Channels != 3) return null;
        var g = Start(source.Image, source.Region, source.X, source.Y);
        var at = 0;
        for (; at < Ops.Count; at++)
        {
            if (Ops[at] is CropApplied c) g = g.Crop(c);
            else if (Ops[at] is ResizeApplied r) g = g with { OutW = r.OutW, OutH = r.OutH, Filter = r.Filter };
            else if (Ops[at] is FlipApplied f) g = g with { FlipH = g.FlipH ^ f.H, FlipV = g.FlipV ^ f.V };
            else break;
        }
        if (g.Whole) return null;
        JitterParams? jitter = null;
        if (at < Ops.Count && Ops[at] is JitterApplied j) { jitter = new JitterParams(j.Brightness, j.Contrast, j.Saturation, j.Hue); at++; }
        if (at != Ops.Count - 1 || Ops[at] is not NormalizeApplied n || n.Mean.Length != 3 || n.Std.Length != 3) return null;
        return (new FusedJob(source.Image, g.Rect, g.Filter, g.FlipH, g.FlipV, jitter), new FusedSpec(g.OutW, g.OutH, n.Mean, n.Std));
    }

    // A region decode is the source at scale 1, shifted: the source's rectangle in its pixels.
    private Geometry Start(PixelImage image, bool region, int regionX, int regionY) => region
        ? Geometry.Start(image, SourceWidth, SourceHeight) with { Rect = new CropRect(-regionX, -regionY, SourceWidth, SourceHeight) }
        : Geometry.Start(image, SourceWidth, SourceHeight);

    private (PixelImage Image, float[]? Tensor) Apply(PixelImage decoded, IImageKernels kernels, bool tensor, bool region, int regionX, int regionY)
    {
        var image = decoded;
        var pending = Start(image, region, regionX, regionY);
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

        /// <summary>No crop and no resize: at most flips.</summary>
        public bool Whole => Rect == new CropRect(0, 0, DecodedW, DecodedH) && OutW == DecodedW && OutH == DecodedH;

        public PixelImage Run(PixelImage image, IImageKernels kernels)
        {
            if (Whole)
            {
                if (FlipH) image = Kernels.Flip.Horizontal(image);
                if (FlipV) image = Kernels.Flip.Vertical(image);
                return image;
            }
            return kernels.Resample(image, Rect, OutW, OutH, Filter, FlipH, FlipV);
        }
    }
}

/// <summary>A decoded image and its offset within the source (non-zero for a region decode).</summary>
internal readonly record struct DecodedSource(PixelImage Image, int X, int Y, bool Region);
