using DataPrep;
using DataPrep.Steps.Dedupe;
using DataPrep.Steps.Filter;
using DataPrep.Steps.Validate;

var pipeline = Pipeline.Create("adults")
    .FromCsv("people.csv")
    .Step(new ValidateOptions { Rules = [new ValidationRule { Column = "age", Range = [0, 120] }] })
    .Step(new DedupeOptions { Keys = ["email"] })
    .Step(new FilterOptions { Where = "age >= 18" })
    .ToParquet("out/adults")
    .Quarantine(q => q.MaxBadFraction = 0.5)
    .Build();

Console.WriteLine(await pipeline.ExplainAsync());
var result = await pipeline.RunAsync();
Console.WriteLine($"version {result.Manifest.Version}: {result.Ledger.RowsWritten} rows written, " +
    $"{result.Ledger.Quarantined} quarantined, {result.Ledger.Dropped} dropped");
