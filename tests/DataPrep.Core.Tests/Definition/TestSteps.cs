using System.ComponentModel.DataAnnotations;
using DataPrep.Definition;
using DataPrep.Steps;

namespace DataPrep.Tests.Definition;

/// <summary>Step option types for definition tests; the built-in list is empty on this branch.</summary>
internal static class TestSteps
{
    public static StepRegistry Registry() => new StepRegistry()
        .Register<ValidateOptions>("validate", Unused)
        .Register<DedupeOptions>("dedupe", Unused)
        .Register<SelectOptions>("select", Unused)
        .Register<SampleOptions>("sample", Unused);

    private static IStep Unused<T>(T options, string id) => throw new NotSupportedException("tests only bind options");
}

/// <summary>Rows that break a rule are handled per <see cref="OnFail"/>.</summary>
public sealed class ValidateOptions
{
    /// <summary>The rules.</summary>
    [Required]
    public List<ValidateRule> Rules { get; set; } = [];

    /// <summary>What to do with failing rows.</summary>
    public FailAction OnFail { get; set; } = FailAction.Fail;
}

/// <summary>One rule.</summary>
public sealed class ValidateRule : IValidatableOptions
{
    /// <summary>Column checked.</summary>
    [Required]
    public string Column { get; set; } = "";

    /// <summary>Inclusive bounds.</summary>
    public List<double>? Range { get; set; }

    /// <summary>Whether nulls fail.</summary>
    public bool? NotNull { get; set; }

    public void Validate(OptionsValidationContext context)
    {
        if (Range is not null && Range.Count != 2) context.BadValue("range", "a range is [min, max]");
    }
}

/// <summary>Failure handling.</summary>
public enum FailAction
{
    Fail,
    Quarantine,
    DropRow,
}

/// <summary>Removes duplicate rows.</summary>
public sealed class DedupeOptions
{
    /// <summary>Key columns; all columns when empty.</summary>
    public List<string> Keys { get; set; } = [];

    /// <summary>Which duplicate to keep.</summary>
    public KeepWhich Keep { get; set; } = KeepWhich.First;
}

/// <summary>Which row of a duplicate group survives.</summary>
public enum KeepWhich
{
    First,
    Last,
}

/// <summary>Keeps the named columns.</summary>
public sealed class SelectOptions
{
    /// <summary>Columns kept, in this order.</summary>
    public List<string> Columns { get; set; } = [];

    /// <summary>New names: old → new.</summary>
    public Dictionary<string, string> Rename { get; set; } = [];
}

/// <summary>Random sample of rows.</summary>
public sealed class SampleOptions
{
    /// <summary>Fraction kept.</summary>
    [Range(0.0, 1.0)]
    public double Fraction { get; set; } = 0.5;

    /// <summary>Seed override.</summary>
    public long? Seed { get; set; }

    /// <summary>Weight.</summary>
    public float Weight { get; set; } = 1.5f;

    /// <summary>Limits per group.</summary>
    public Dictionary<string, int> PerGroup { get; set; } = [];

    /// <summary>Stratify label.</summary>
    public string? Label { get; set; }
}
