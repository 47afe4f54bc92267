using System.ComponentModel.DataAnnotations;
using DataPrep.Definition;

namespace DataPrep.IO;

/// <summary>CSV output: header row, RFC 4180 quoting, invariant culture, nulls as empty fields.</summary>
[ScalarForm(nameof(Path))]
public sealed class CsvSinkOptions : IValidatableOptions
{
    /// <summary>The output root folder. Relative to the pipeline file.</summary>
    [Required]
    public string Path { get; set; } = "";

    /// <summary>Field delimiter, one character.</summary>
    public string Delimiter { get; set; } = ",";

    /// <summary>
    /// A string column whose values split the data into one folder each under <c>data/</c>, e.g.
    /// <c>split</c> gives <c>data/train/</c>, <c>data/validation/</c>, <c>data/test/</c>. The column stays in the files.
    /// </summary>
    public string? PartitionBy { get; set; }

    public void Validate(OptionsValidationContext context)
    {
        if (Delimiter.Length != 1) context.BadValue("delimiter", "must be exactly one character");
    }
}
