using System.Diagnostics;
using ImageMagick;
using SkiaSharp;

namespace DataPrep.Images.Benchmarks;

/// <summary>Decode time per image for SkiaSharp, Magick.NET and NetVips on the same files (full decode to RGB(A) pixels).</summary>
internal static class CodecBench
{
    public static void Run(int images, int rounds)
    {
        NetVips.Cache.Max = 0; // no result cache: every decode is real
        NetVips.NetVips.Concurrency = 1; // single thread for every library
        ResourceLimits.Thread = 1;
        Console.WriteLine($"decode 512x512, {images} images x {rounds} rounds, single thread, median ms per image");
        Console.WriteLine("| format | SkiaSharp | Magick.NET | NetVips | Skia scaled 1/2 (256x256) |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (format, name) in new[] { (SKEncodedImageFormat.Jpeg, "JPEG q90"), (SKEncodedImageFormat.Png, "PNG") })
        {
            var files = Enumerable.Range(0, images).Select(i => SampleImages.Encode(i, 512, 512, format)).ToArray();
            var skia = Measure(files, rounds, DecodeSkia);
            var magick = Measure(files, rounds, DecodeMagick);
            var vips = Measure(files, rounds, DecodeVips);
            var scaled = Measure(files, rounds, b => DecodeSkiaScaled(b, 256));
            Console.WriteLine($"| {name} | {skia:F3} | {magick:F3} | {vips:F3} | {scaled:F3} |");
        }
    }

    private static double Measure(byte[][] files, int rounds, Func<byte[], long> decode)
    {
        foreach (var f in files) decode(f); // warm up
        var perImage = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            var sw = Stopwatch.StartNew();
            long check = 0;
            foreach (var f in files) check += decode(f);
            perImage.Add(sw.Elapsed.TotalMilliseconds / files.Length);
            if (check == 0) throw new InvalidOperationException("nothing decoded");
        }
        perImage.Sort();
        return perImage[perImage.Count / 2];
    }

    private static long DecodeSkia(byte[] bytes)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(bytes));
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var pixels = new byte[info.BytesSize];
        unsafe
        {
            fixed (byte* p = pixels) codec.GetPixels(info, (IntPtr)p);
        }
        return pixels[^2] + 1;
    }

    private static long DecodeSkiaScaled(byte[] bytes, int target)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(bytes));
        var size = codec.GetScaledDimensions((float)target / codec.Info.Width);
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var pixels = new byte[info.BytesSize];
        unsafe
        {
            fixed (byte* p = pixels) codec.GetPixels(info, (IntPtr)p);
        }
        return pixels[^2] + 1;
    }

    private static long DecodeMagick(byte[] bytes)
    {
        using var image = new MagickImage(bytes);
        using var pixels = image.GetPixelsUnsafe();
        var rgb = pixels.ToByteArray(PixelMapping.RGB)!;
        return rgb[^1] + 1;
    }

    private static long DecodeVips(byte[] bytes)
    {
        using var image = NetVips.Image.NewFromBuffer(bytes, access: NetVips.Enums.Access.Sequential);
        var memory = image.WriteToMemory<byte>();
        return memory[^1] + 1;
    }
}
