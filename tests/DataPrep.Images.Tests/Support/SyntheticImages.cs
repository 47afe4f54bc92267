using DataPrep.Images.Codecs;
using DataPrep.Images.Kernels;
using SkiaSharp;

namespace DataPrep.Tests.Support;

/// <summary>Procedural scenes (gradient, random shapes, light noise) for step tests; seeded, so every run sees the same images.</summary>
internal static class SyntheticImages
{
    public static PixelImage Scene(int seed, int width = 160, int height = 120)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            var rng = new Random(seed);
            SKColor Colour() => new((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));
            using (var shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), [Colour(), Colour()], SKShaderTileMode.Clamp))
            using (var paint = new SKPaint { Shader = shader })
                canvas.DrawRect(0, 0, width, height, paint);
            using var shape = new SKPaint { IsAntialias = true };
            for (var i = 0; i < 10; i++)
            {
                shape.Color = Colour();
                float x = rng.Next(width), y = rng.Next(height), r = rng.Next(width / 12, width / 3);
                if (i % 3 == 0) canvas.DrawCircle(x, y, r, shape);
                else if (i % 3 == 1) canvas.DrawRect(x - r, y - r / 2, r * 1.4f, r, shape);
                else canvas.DrawOval(x, y, r, r / 2.5f, shape);
            }
        }
        var image = new PixelImage(width, height, 3);
        var px = bitmap.Bytes;
        var noise = new Random(seed + 1);
        for (int s = 0, d = 0; d < image.Data.Length; s += 4, d += 3)
        for (var c = 0; c < 3; c++)
            image.Data[d + c] = (byte)Math.Clamp(px[s + c] + noise.Next(-6, 7), 0, 255);
        return image;
    }

    public static byte[] Png(PixelImage image) => SkiaImageCodec.Instance.Encode(image, ImageFormat.Png);

    public static byte[] Jpeg(PixelImage image, int quality = 90) => SkiaImageCodec.Instance.Encode(image, ImageFormat.Jpeg, quality);

    public static PixelImage Brighter(PixelImage image, int delta)
    {
        var o = image.Clone();
        for (var i = 0; i < o.Data.Length; i++) o.Data[i] = (byte)Math.Clamp(o.Data[i] + delta, 0, 255);
        return o;
    }

    public static PixelImage Blank(int width, int height, byte value)
    {
        var o = new PixelImage(width, height, 3);
        Array.Fill(o.Data, value);
        return o;
    }
}
