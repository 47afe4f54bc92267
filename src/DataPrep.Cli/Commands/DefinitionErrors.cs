using DataPrep.Definition;

namespace DataPrep.Cli.Commands;

/// <summary>Loads a pipeline, printing every diagnostic in the MSBuild format on failure.</summary>
internal static class DefinitionErrors
{
    public static Pipeline? TryLoad(FileInfo file)
    {
        if (!file.Exists)
        {
            Console.Error.WriteLine($"{file.FullName}: error {DiagnosticCodes.FileUnreadable}: the pipeline file does not exist");
            return null;
        }
        try { return Pipeline.Load(file.FullName, StepCatalog.Create()); }
        catch (DefinitionException e) { Print(e.Diagnostics); return null; }
    }

    public static void Print(IEnumerable<Diagnostic> diagnostics)
    {
        var list = diagnostics.ToList();
        foreach (var d in list) Console.Error.WriteLine(d);
        Console.Error.WriteLine($"{list.Count} error(s)");
    }
}
