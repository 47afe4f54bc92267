namespace DataPrep.Steps;

/// <summary>The single registration list of built-in steps: one line per step.</summary>
internal static class BuiltInSteps
{
    public static void AddTo(StepRegistry registry)
    {
    }
}
