using DataPrep.Images.Codecs;
using SkiaSharp;

namespace DataPrep.Images.Benchmarks;

/// <summary>
/// Writes the bundled quickstart image set (data/images): three classes of procedural drawings,
/// PNG and JPEG, plus deliberate problems (a truncated file, a blank image, a tiny one, an exact
/// and a near duplicate). Deterministic: rerunning rewrites the same bytes.
/// </summary>
internal static class QuickstartImages
{
    public static void Write(string folder)
    {
        var classes = new[] { "circles", "squares", "stripes" };
        for (var c = 0; c < classes.Length; c++)
        {
            var dir = Path.Combine(folder, classes[c]);
            Directory.CreateDirectory(dir);
            for (var i = 0; i < 10; i++)
            {
                using var bitmap = Draw(classes[c], c * 100 + i, 96, 80);
                var jpeg = i % 2 == 1;
                using var data = bitmap.Encode(jpeg ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png, 85);
                File.WriteAllBytes(Path.Combine(dir, $"{classes[c]}_{i:D2}.{(jpeg ? "jpg" : "png")}"), data.ToArray());
            }
        }
        var circles = Path.Combine(folder, "circles");
        // An exact copy and a near copy (re-encoded as JPEG at lower quality) of circles_00.
        File.Copy(Path.Combine(circles, "circles_00.png"), Path.Combine(circles, "circles_00_copy.png"), overwrite: true);
        using (var again = Draw("circles", 0, 96, 80))
        using (var jpeg = again.Encode(SKEncodedImageFormat.Jpeg, 60))
            File.WriteAllBytes(Path.Combine(circles, "circles_00_reencoded.jpg"), jpeg.ToArray());
        // Problems for image_quality: truncated, blank, too small.
        var squares = Path.Combine(folder, "squares");
        var whole = File.ReadAllBytes(Path.Combine(squares, "squares_00.png"));
        File.WriteAllBytes(Path.Combine(squares, "squares_truncated.png"), whole[..(whole.Length / 2)]);
        var blank = new Kernels.PixelImage(96, 80, 3);
        Array.Fill(blank.Data, (byte)200);
        File.WriteAllBytes(Path.Combine(folder, "stripes", "stripes_blank.png"), SkiaImageCodec.Instance.Encode(blank, ImageFormat.Png));
        using (var tiny = Draw("stripes", 999, 16, 12))
        using (var png = tiny.Encode(SKEncodedImageFormat.Png, 100))
            File.WriteAllBytes(Path.Combine(folder, "stripes", "stripes_tiny.png"), png.ToArray());
    }

    private static SKBitmap Draw(string kind, int seed, int width, int height)
    {
        var rng = new Random(seed); // fixed seeds: the bundled files never change
        var bitmap = new SKBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        SKColor Colour() => new((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));
        canvas.Clear(Colour());
        using var paint = new SKPaint { IsAntialias = true, StrokeWidth = 3 + rng.Next(5) };
        for (var i = 0; i < 4 + rng.Next(4); i++)
        {
            paint.Color = Colour();
            float x = rng.Next(width), y = rng.Next(height), r = rng.Next(3, Math.Max(4, width / 3));
            switch (kind)
            {
                case "circles": canvas.DrawCircle(x, y, r, paint); break;
                case "squares": canvas.DrawRect(x - r / 2, y - r / 2, r, r, paint); break;
                default: canvas.DrawLine(0, y, width, y + rng.Next(-height / 2, height / 2), paint); break;
            }
        }
        return bitmap;
    }
}
