using SkiaSharp;

namespace DataPrep.Images.Benchmarks;

/// <summary>Procedural photo-like test images (gradients, shapes, noise) so the benchmark needs no downloads.</summary>
internal static class SampleImages
{
    public static byte[] Encode(int index, int width, int height, SKEncodedImageFormat format, int quality = 90)
    {
        using var bitmap = Draw(index, width, height);
        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    public static SKBitmap Draw(int index, int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        var rng = new Random(index * 7919 + 13); // benchmark inputs only, not product randomness
        SKColor Colour() => new((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));
        using (var shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), [Colour(), Colour()], SKShaderTileMode.Clamp))
        using (var paint = new SKPaint { Shader = shader })
            canvas.DrawRect(0, 0, width, height, paint);
        using var shape = new SKPaint { IsAntialias = true };
        for (var i = 0; i < 12; i++)
        {
            shape.Color = Colour().WithAlpha((byte)rng.Next(120, 256));
            var x = rng.Next(width); var y = rng.Next(height); var r = rng.Next(width / 20, width / 4);
            if (i % 2 == 0) canvas.DrawCircle(x, y, r, shape);
            else canvas.DrawRect(x - r, y - r / 2, r * 1.5f, r, shape);
        }
        canvas.Flush();
        // Sensor-like noise so JPEG and PNG sizes resemble photographs rather than flat art.
        var pixels = bitmap.GetPixelSpan();
        unsafe
        {
            var span = new Span<byte>((void*)bitmap.GetPixels(), pixels.Length);
            for (var i = 0; i < span.Length; i++)
            {
                if ((i & 3) == 3) continue;
                span[i] = (byte)Math.Clamp(span[i] + rng.Next(-12, 13), 0, 255);
            }
        }
        return bitmap;
    }
}
