using System.ComponentModel.DataAnnotations;
using DataPrep.Definition;

namespace EmbedConsole;

/// <summary>Options of the custom <c>ratio</c> step: <c>output = numerator / denominator</c>.</summary>
public sealed class RatioOptions : IValidatableOptions
{
    /// <summary>The float64 column divided.</summary>
    [Required]
    public string Numerator { get; set; } = "";

    /// <summary>The float64 column divided by.</summary>
    [Required]
    public string Denominator { get; set; } = "";

    /// <summary>Name of the added float64 column.</summary>
    [Required]
    public string Output { get; set; } = "";

    /// <summary>Quarantine rows whose denominator is zero (otherwise the ratio is null).</summary>
    public bool QuarantineZero { get; set; }

    // Checked when the pipeline is loaded, with every other problem, at the line of the option.
    public void Validate(OptionsValidationContext context)
    {
        if (Numerator.Length > 0 && Numerator == Denominator)
            context.BadValue("denominator", "a column divided by itself is always 1; name another column");
    }
}
