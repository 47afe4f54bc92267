using System.ComponentModel.DataAnnotations;
using DataPrep.Definition;
using DataPrep.Images.Kernels;

namespace DataPrep.Images.Steps.Augment;

/// <summary>
/// Decodes an encoded-image column, applies a list of augmentation ops with parameters drawn per
/// image from the run's seeded generator, and writes the result (re-encoded, or a float32 CHW
/// tensor) with the drawn parameters as JSON, so that any output image can be replayed.
/// </summary>
public sealed class AugmentOptions : IValidatableOptions
{
    /// <summary>The binary column holding encoded images (PNG, JPEG, WebP, ...).</summary>
    public string Column { get; set; } = "image";

    /// <summary>Output column; defaults to <c>column</c> (replaced).</summary>
    public string? Output { get; set; }

    /// <summary>Column for the drawn parameters (JSON, with the copy number), enough to replay the row's output.</summary>
    public string ParamsColumn { get; set; } = "augment_params";

    /// <summary>Augmented copies per image, each a row with its own draw: the image's row holds copy 0 and the step makes copies - 1 rows right after it (counted as synthesized in the ledger).</summary>
    [Range(1, 64)]
    public int Copies { get; set; } = 1;

    /// <summary>The ops, applied in order. Consecutive crops, resizes and flips run as one fused resampling pass.</summary>
    public List<AugmentOp> Ops { get; set; } = [];

    /// <summary>What the output column holds: a re-encoded image, or float32 CHW values (little-endian bytes) for <c>tensor</c>.</summary>
    public AugmentFormat Format { get; set; } = AugmentFormat.Png;

    /// <summary>Quality for JPEG and WebP output, 1 to 100.</summary>
    [Range(1, 100)]
    public int Quality { get; set; } = 90;

    /// <summary>Images with more pixels than this (width × height, read from the header) are quarantined before decoding.</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>Decode JPEGs at a reduced size (DCT scaling) when the first resize or crop needs at most half the resolution, else only the region the first crop reads. The output bytes are the same either way.</summary>
    public bool ReducedDecode { get; set; } = true;

    /// <summary>Where the kernels run: <c>cpu</c> (SIMD), <c>gpu</c> (ILGPU; fails when none is usable) or <c>auto</c> (GPU when usable, else SIMD, said once).</summary>
    public ComputeDevice Device { get; set; } = ComputeDevice.Cpu;

    public void Validate(OptionsValidationContext context)
    {
        if (Ops.Count == 0) context.BadValue("ops", "give at least one op");
        for (var i = 0; i < Ops.Count; i++)
        {
            Ops[i].Check($"ops[{i}]", context);
            if (Ops[i].Normalize is not null && i != Ops.Count - 1)
                context.Error($"ops[{i}]", ImageDiagnostics.NormalizeNotLast, "normalize must be the last op (it turns the image into a float tensor)");
        }
        if (Ops.Count > 0 && Ops[^1].Normalize is not null && Format != AugmentFormat.Tensor)
            context.Error("format", ImageDiagnostics.NormalizeNotLast, "normalize produces a tensor: set format: tensor");
        if (ParamsColumn.Length == 0) context.BadValue("params_column", "name the parameters column");
    }
}

/// <summary>What augment writes.</summary>
public enum AugmentFormat
{
    Png,
    Jpeg,
    Webp,

    /// <summary>float32 values in CHW order as little-endian bytes; normalized by a final <c>normalize</c> op, else scaled to 0..1.</summary>
    Tensor,
}

/// <summary>Where image kernels run.</summary>
public enum ComputeDevice
{
    Cpu,
    Gpu,
    Auto,
}
