using System.Text;
using DataPrep.Data;

namespace DataPrep.Execution;

/// <summary>Prints a plan for <c>dataprep explain</c>: as text, as a Mermaid flowchart or as a Graphviz DOT graph.</summary>
public static class PlanRenderer
{
    public static string Text(ExecutionPlan plan)
    {
        var s = new StringBuilder();
        s.AppendLine($"pipeline '{plan.Definition.Name}': {plan.Inputs.Count} input file(s), {plan.Steps.Count} step(s), {plan.Passes.Count} pass(es)");
        s.AppendLine($"  parallelism {plan.Parallelism}, batch size {plan.BatchSize} rows, capacity {plan.Capacity} batches per block");
        s.AppendLine($"  source columns read: {(plan.Projection is null ? "all" : string.Join(", ", plan.SourceSchema.FieldsList.Select(f => f.Name)))}");
        if (plan.Passes.Count > 1) s.AppendLine($"  spill: {Spill(plan)}");
        s.AppendLine($"  output root: {plan.OutputRoot}");
        s.AppendLine($"  refresh: {RefreshPlanner.Describe(plan)}");
        s.AppendLine();
        s.AppendLine("steps:");
        foreach (var step in plan.Steps)
        {
            s.AppendLine($"  {step.Id} ({step.Definition.Name}, {step.Kind.ToString().ToLowerInvariant()}) at {step.Location}");
            s.AppendLine($"    state: {step.Step.DescribeState()}");
            if (step.Kind == Steps.StepKind.Fitted) s.AppendLine($"    fit:   {DescribeFit(plan, step)}");
            if (step.FitFilter is { } filter) s.AppendLine($"    rows:  fits on {filter} only; the fitted statistics apply to every row");
            s.AppendLine($"    out:   {Columns(step.Output)}");
        }
        s.AppendLine();
        foreach (var pass in plan.Passes)
        {
            s.AppendLine($"pass {pass.Number}: {pass.Reason}");
            foreach (var block in pass.Blocks)
                s.AppendLine($"  [{block.Role.ToString().ToLowerInvariant(),-10}] {block.Name,-40} degree {block.Degree}, capacity {block.Capacity}");
        }
        return s.ToString();
    }

    public static string Mermaid(ExecutionPlan plan)
    {
        var s = new StringBuilder("flowchart LR\n");
        foreach (var pass in plan.Passes)
        {
            s.AppendLine($"  subgraph pass{pass.Number}[\"pass {pass.Number}: {Escape(pass.Reason)}\"]");
            for (var b = 0; b < pass.Blocks.Count; b++)
            {
                var block = pass.Blocks[b];
                s.AppendLine($"    p{pass.Number}b{b}[\"{Escape(block.Name)}<br/>{block.Role.ToString().ToLowerInvariant()} x{block.Degree}\"]");
                if (b > 0) s.AppendLine($"    p{pass.Number}b{b - 1} --> p{pass.Number}b{b}");
            }
            s.AppendLine("  end");
        }
        return s.ToString();
    }

    public static string Dot(ExecutionPlan plan)
    {
        var s = new StringBuilder("digraph plan {\n  rankdir=LR;\n  node [shape=box];\n");
        foreach (var pass in plan.Passes)
        {
            s.AppendLine($"  subgraph cluster_{pass.Number} {{\n    label=\"pass {pass.Number}: {Escape(pass.Reason)}\";");
            for (var b = 0; b < pass.Blocks.Count; b++)
            {
                var block = pass.Blocks[b];
                s.AppendLine($"    p{pass.Number}b{b} [label=\"{Escape(block.Name)}\\n{block.Role.ToString().ToLowerInvariant()} x{block.Degree}\"];");
                if (b > 0) s.AppendLine($"    p{pass.Number}b{b - 1} -> p{pass.Number}b{b};");
            }
            s.AppendLine("  }");
        }
        return s.Append("}\n").ToString();
    }

    /// <summary>What the first pass keeps for the later ones, and why the source rather than the rows after the steps before the first fit.</summary>
    internal static string Spill(ExecutionPlan plan)
    {
        if (!plan.Definition.Execution.Spill) return "off; every pass reads the inputs";
        var text = $"pass 1 keeps the source as read ({plan.SourceSchema.FieldsList.Count} columns, all rows, uncompressed) in an Arrow IPC file " +
            "in the staging folder; later passes read it instead of decoding the inputs again";
        var first = plan.Passes[0].FitsStep ?? 0;
        if (first == 0) return text;
        var final = plan.Passes[^1].Blocks;
        var prefix = Enumerable.Range(0, first).Select(i => final.Any(b => b.Role == BlockRole.Replay && b.Steps[0] == i)
            ? $"'{plan.Steps[i].Id}' replays its removals from the record pass 1 kept (one bit a source row)"
            : $"'{plan.Steps[i].Id}' runs again");
        return text + $". It holds the source, not the rows leaving '{plan.Steps[first - 1].Id}': in every later pass {string.Join(", ", prefix)}, " +
            "so a spill that fails (out of disk) leaves later passes reading the inputs to the same rows";
    }

    private static string DescribeFit(ExecutionPlan plan, PlannedStep step)
    {
        if (step.FitLoaded) return "loaded from the fit artifact (no fit pass)";
        var pass = plan.Passes.First(p => p.Fitted.Any(i => plan.Steps[i] == step));
        return step.HasReusableFit
            ? $"pass {pass.Number}; saved in the run's fit artifact (fit.json, --save-fit) for reuse with --fit"
            : $"pass {pass.Number}, in every run: the fitted state describes these rows, so no fit artifact can hold it";
    }

    private static string Columns(Apache.Arrow.Schema schema) =>
        string.Join(", ", schema.FieldsList.Select(f => $"{f.Name}: {ColumnTypes.Format(f.DataType)}{(f.IsNullable ? "?" : "")}"));

    private static string Escape(string text) => text.Replace("\"", "'", StringComparison.Ordinal);
}
