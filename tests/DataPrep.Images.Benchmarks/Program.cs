using DataPrep.Images.Benchmarks;

var command = args.Length > 0 ? args[0] : "help";
int Arg(int i, int fallback) => args.Length > i && int.TryParse(args[i], out var v) ? v : fallback;
switch (command)
{
    case "codecs":
        CodecBench.Run(Arg(1, 50), Arg(2, 5));
        return 0;
    case "ops":
        OpsBench.Run(Arg(1, 7), Arg(2, 200));
        return 0;
    case "profile":
        // profile [rounds] [images]: end-to-end phases per image, one thread.
        EndToEndProfile.Run(Arg(1, 5), Arg(2, 100));
        return 0;
    case "loop":
        {
            // Repeats one op for a profiler: loop OP SECONDS (resize_no_aa | resize | rotate | blur).
            using var bitmap = SampleImages.Draw(0, 512, 512);
            var img = new DataPrep.Images.Kernels.PixelImage(512, 512, 3);
            for (var y = 0; y < 512; y++)
            for (var x = 0; x < 512; x++)
            {
                var c = bitmap.GetPixel(x, y);
                img.Data[(y * 512 + x) * 3] = c.Red; img.Data[(y * 512 + x) * 3 + 1] = c.Green; img.Data[(y * 512 + x) * 3 + 2] = c.Blue;
            }
            var out224 = new DataPrep.Images.Kernels.PixelImage(224, 224, 3);
            var same = new DataPrep.Images.Kernels.PixelImage(512, 512, 3);
            var whole = DataPrep.Images.Kernels.CropRect.Whole(img);
            var until = DateTime.UtcNow.AddSeconds(Arg(2, 10));
            var n = 0;
            while (DateTime.UtcNow < until)
            {
                n++;
                switch (args[1])
                {
                    case "resize_no_aa": DataPrep.Images.Kernels.Resample.Run(img, whole, DataPrep.Images.Kernels.ResizeFilter.BilinearNoAntialias, false, false, out224); break;
                    case "resize": DataPrep.Images.Kernels.Resample.Run(img, whole, DataPrep.Images.Kernels.ResizeFilter.Bilinear, false, false, out224); break;
                    case "rotate": DataPrep.Images.Kernels.Rotate.Bilinear(img, 17, [0, 0, 0], same); break;
                    case "blur": DataPrep.Images.Kernels.Blur.Gaussian(img, 1.5, same); break;
                }
            }
            Console.WriteLine($"{n} calls");
            return 0;
        }
    case "gpu":
        // gpu [batches] [batch size] [rounds]: the batched fused GPU path (needs CUDA; else a CPU-accelerator smoke run).
        return GpuBench.Run(Arg(1, 20), Arg(2, 256), Arg(3, 7));
    case "lanes":
        Console.WriteLine(DataPrep.Images.Kernels.SimdKernels.Instance.Name);
        return 0;
    case "generate-images":
        QuickstartImages.Write(args.Length > 1 ? args[1] : "data/images");
        return 0;
    default:
        Console.WriteLine("usage: dotnet run -c Release --project tests/DataPrep.Images.Benchmarks -- codecs [images] [rounds] | ops [rounds] [images] | profile [rounds] [images] | gpu [batches] [batch size] [rounds] | generate-images [folder] | loop OP SECONDS (one op repeated, for a profiler: resize_no_aa, resize, rotate, blur)");
        return command == "help" ? 0 : 2;
}
