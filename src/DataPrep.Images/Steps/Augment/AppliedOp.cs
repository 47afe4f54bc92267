using System.Text.Json.Nodes;
using DataPrep.Images.Kernels;

namespace DataPrep.Images.Steps.Augment;

/// <summary>One op with its drawn parameters: what the params column records and replay reads.</summary>
internal abstract record AppliedOp
{
    public abstract JsonObject ToJson();

    public static AppliedOp FromJson(JsonObject o)
    {
        var op = (string)o["op"]!;
        return op switch
        {
            "crop" => new CropApplied((double)o["x"]!, (double)o["y"]!, (double)o["w"]!, (double)o["h"]!, (int)o["out_w"]!, (int)o["out_h"]!, Enum.Parse<ResizeFilter>((string)o["filter"]!, true)),
            "resize" => new ResizeApplied((int)o["out_w"]!, (int)o["out_h"]!, Enum.Parse<ResizeFilter>((string)o["filter"]!, true)),
            "flip" => new FlipApplied((bool)o["h"]!, (bool)o["v"]!),
            "rotate" => new RotateApplied((double)o["degrees"]!, o["fill"]!.AsArray().Select(v => (byte)(int)v!).ToArray()),
            "color_jitter" => new JitterApplied((double)o["brightness"]!, (double)o["contrast"]!, (double)o["saturation"]!, (double)o["hue"]!),
            "noise" => new NoiseApplied((double)o["sigma"]!, (uint)o["key"]!),
            "blur" => new BlurApplied((double?)o["sigma"]),
            "grayscale" => new GrayscaleApplied((bool)o["applied"]!),
            "normalize" => new NormalizeApplied(o["mean"]!.AsArray().Select(v => (float)v!).ToArray(), o["std"]!.AsArray().Select(v => (float)v!).ToArray()),
            _ => throw new FormatException($"unknown op '{op}' in augment parameters"),
        };
    }
}

/// <summary>A crop of the image as it is at this op (x, y, w, h in its pixels), resized to out_w × out_h.</summary>
internal sealed record CropApplied(double X, double Y, double W, double H, int OutW, int OutH, ResizeFilter Filter) : AppliedOp
{
    public override JsonObject ToJson() => new() { ["op"] = "crop", ["x"] = X, ["y"] = Y, ["w"] = W, ["h"] = H, ["out_w"] = OutW, ["out_h"] = OutH, ["filter"] = Filter.ToString().ToLowerInvariant() };
}

internal sealed record ResizeApplied(int OutW, int OutH, ResizeFilter Filter) : AppliedOp
{
    public override JsonObject ToJson() => new() { ["op"] = "resize", ["out_w"] = OutW, ["out_h"] = OutH, ["filter"] = Filter.ToString().ToLowerInvariant() };
}

internal sealed record FlipApplied(bool H, bool V) : AppliedOp
{
    public override JsonObject ToJson() => new() { ["op"] = "flip", ["h"] = H, ["v"] = V };
}

internal sealed record RotateApplied(double Degrees, byte[] Fill) : AppliedOp
{
    public override JsonObject ToJson() => new() { ["op"] = "rotate", ["degrees"] = Degrees, ["fill"] = new JsonArray(Fill.Select(f => (JsonNode)(int)f).ToArray()) };
}

internal sealed record JitterApplied(double Brightness, double Contrast, double Saturation, double Hue) : AppliedOp
{
    public override JsonObject ToJson() => new() { ["op"] = "color_jitter", ["brightness"] = Brightness, ["contrast"] = Contrast, ["saturation"] = Saturation, ["hue"] = Hue };
}

internal sealed record NoiseApplied(double Sigma, uint Key) : AppliedOp
{
    public override JsonObject ToJson() => new() { ["op"] = "noise", ["sigma"] = Sigma, ["key"] = Key };
}

/// <summary>Sigma null: the draw said not to blur this image.</summary>
internal sealed record BlurApplied(double? Sigma) : AppliedOp
{
    public override JsonObject ToJson() => new() { ["op"] = "blur", ["sigma"] = Sigma };
}

internal sealed record GrayscaleApplied(bool Applied) : AppliedOp
{
    public override JsonObject ToJson() => new() { ["op"] = "grayscale", ["applied"] = Applied };
}

internal sealed record NormalizeApplied(float[] Mean, float[] Std) : AppliedOp
{
    public override JsonObject ToJson() => new() { ["op"] = "normalize", ["mean"] = new JsonArray(Mean.Select(v => (JsonNode)v).ToArray()), ["std"] = new JsonArray(Std.Select(v => (JsonNode)v).ToArray()) };
}
