using DataPrep.Benchmarks;
using DataPrep.Benchmarks.Commands;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    var args0 = new CommandLine(args);
    return args0.Command switch
    {
        "generate" => await GenerateCommand.RunAsync(args0, cancel.Token),
        "check" => CheckCommand.Run(args0),
        "e2e" => await E2eCommand.RunAsync(args0, smoke: false, cancel.Token),
        "smoke" => await E2eCommand.RunAsync(args0, smoke: true, cancel.Token),
        "memory" => await MemoryCommand.RunAsync(args0, cancel.Token),
        "probe-dedupe" => ProbeDedupeCommand.Run(args0),
        "hash-rows" => await HashRowsCommand.RunAsync(args0, cancel.Token),
        "key-table" => KeyTableCommand.Run(args0),
        "snappy" => await SnappyCommand.RunAsync(args0, cancel.Token),
        "parquet-profile" => await ParquetProfileCommand.RunAsync(args0, cancel.Token),
        "report-cost" => await DataPrep.Benchmarks.Commands.ReportCostCommand.CostAsync(args0, cancel.Token),
        "report-size" => await DataPrep.Benchmarks.Commands.ReportCostCommand.SizeAsync(args0, cancel.Token),
        "report-columns" => await DataPrep.Benchmarks.Commands.ReportColumnsCommand.RunAsync(args0, cancel.Token),
        "near-dedupe" => await NearDedupeCommand.RunAsync(args0, cancel.Token),
        "privacy" => await PrivacyCommand.RunAsync(args0, cancel.Token),
        "serve-latency" => await ServeLatencyCommand.RunAsync(args0, cancel.Token),
        "telemetry-overhead" => await TelemetryOverheadCommand.RunAsync(args0, cancel.Token),
        "gc-profile" => await GcProfileCommand.RunAsync(args0, cancel.Token),
        "scan-child" => await ScanChildCommand.RunAsync(args0, cancel.Token),
        "help" or "--help" or "-h" => Usage.Print(),
        _ => throw new UsageException($"unknown command '{args0.Command}'"),
    };
}
catch (UsageException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Usage.Print(Console.Error);
    return 2;
}
catch (DataPrep.Benchmarks.Peers.BenchmarkException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
