using DataPrep;
using DataPrep.Execution;
using DataPrep.Steps;
using DataPrep.Steps.Filter;
using Microsoft.Extensions.Logging;

namespace EmbedConsole;

/// <summary>The example's work, callable from its test: a custom step used from YAML and from code.</summary>
public static class EmbedExample
{
    /// <summary>The step registry of this app: the built-in steps plus <c>ratio</c>.</summary>
    public static StepRegistry Registry() =>
        StepRegistry.CreateDefault().Register<RatioOptions>("ratio", (options, id) => new RatioStep(options, id));

    /// <summary>Runs the YAML pipeline into its output root, then a variant built in code into memory.</summary>
    public static async Task<(RunResult FromFile, MemoryResult InMemory)> RunAsync(string pipelinePath, ILogger logger, TextWriter output, CancellationToken cancellationToken)
    {
        // 1. The pipeline file uses the custom step like a built-in one: same binder, same checks.
        var pipeline = Pipeline.Load(pipelinePath, Registry()).WithLogger(logger);
        var committed = await pipeline.RunAsync(cancellationToken: cancellationToken);
        output.WriteLine($"{pipelinePath}: committed version {committed.Manifest.Version} with {committed.Ledger.RowsWritten} rows, {committed.Ledger.Quarantined} quarantined");

        // 2. The same steps plus a filter, built in code, results kept in memory.
        var heavy = Pipeline.Create("heavy-penguins", Registry())
            .BaseDirectory(Path.GetDirectoryName(Path.GetFullPath(pipelinePath))!)
            .From(pipeline.Definition.Source)
            .Step("rename", pipeline.Definition.Steps[0].Options)
            .Step(new RatioOptions { Numerator = "beak_length_mm", Denominator = "beak_depth_mm", Output = "beak_ratio" })
            .Step(new FilterOptions { Where = "body_mass_g >= 5000" })
            .ToMemory()
            .WithLogger(logger)
            .Build();
        var inMemory = await heavy.CollectAsync(cancellationToken: cancellationToken);
        output.WriteLine($"heavy-penguins: {inMemory.RowCount} rows in memory, columns {string.Join(", ", inMemory.Schema.FieldsList.Select(f => f.Name))}");
        return (committed, inMemory);
    }
}
