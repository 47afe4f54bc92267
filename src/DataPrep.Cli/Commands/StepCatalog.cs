using DataPrep.Images;
using DataPrep.Steps;

namespace DataPrep.Cli.Commands;

/// <summary>The steps the CLI knows: the built-in ones and the image steps (DataPrep.Images).</summary>
internal static class StepCatalog
{
    public static StepRegistry Create() => ImageSteps.CreateRegistry(message => Console.Error.WriteLine(message));
}
