using EmbedConsole;
using Microsoft.Extensions.Logging;

// Run from the repository root: dotnet run --project examples/embed-console [pipeline.yaml]
var pipelinePath = args.Length > 0 ? args[0] : Path.Combine("examples", "embed-console", "penguins-ratios.yaml");
using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

var (_, inMemory) = await EmbedExample.RunAsync(pipelinePath, loggers.CreateLogger("EmbedConsole"), Console.Out, cancel.Token);
inMemory.Dispose();
