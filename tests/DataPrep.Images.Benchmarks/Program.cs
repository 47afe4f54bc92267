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
    case "lanes":
        Console.WriteLine(DataPrep.Images.Kernels.SimdKernels.Instance.Name);
        return 0;
    case "generate-images":
        QuickstartImages.Write(args.Length > 1 ? args[1] : "data/images");
        return 0;
    default:
        Console.WriteLine("usage: dotnet run -c Release --project tests/DataPrep.Images.Benchmarks -- codecs [images] [rounds] | ops [rounds] [images] | generate-images [folder]");
        return command == "help" ? 0 : 2;
}
