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
