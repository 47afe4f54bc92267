using System.Globalization;
using DataPrep.Benchmarks.Peers;

namespace DataPrep.Benchmarks.Commands;

/// <summary>
/// <c>scan-child --data FILE --threads N</c> (internal): the DataPrep scan in a fresh process, so
/// the parent can read its peak memory. Prints <c>rows=N seconds=S</c>.
/// </summary>
internal static class ScanChildCommand
{
    public static async Task<int> RunAsync(CommandLine args, CancellationToken cancellationToken)
    {
        var file = Path.GetFullPath(args.String("data") ?? throw new UsageException("scan-child needs --data FILE"));
        var threads = args.Int("threads", 2);
        args.ThrowIfUnused();
        try
        {
            var (rows, elapsed) = await DataPrepScan.RunAsync(file, threads, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rows={rows} seconds={elapsed.TotalSeconds:F4}"));
            return 0;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One line when the IO readers are simply not merged yet; the whole exception otherwise.
            Console.Error.WriteLine(e is NotImplementedException
                ? $"DataPrep.IO is not implemented in this build ({e.Message}); merge the IO readers first"
                : e.ToString());
            return 3;
        }
    }
}
