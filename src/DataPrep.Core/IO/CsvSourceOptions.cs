using System.ComponentModel.DataAnnotations;
using DataPrep.Definition;

namespace DataPrep.IO;

/// <summary>CSV input (RFC 4180: quoted fields may hold delimiters, quotes and newlines).</summary>
[ScalarForm(nameof(Path))]
public sealed class CsvSourceOptions : IValidatableOptions
{
    /// <summary>A file, a folder (every *.csv below it) or a glob. Relative to the pipeline file.</summary>
    [Required]
    public string Path { get; set; } = "";

    /// <summary>Field delimiter, one character.</summary>
    public string Delimiter { get; set; } = ",";

    /// <summary>Whether the first line holds the column names. Without one, columns are named column_1, column_2, ...</summary>
    public bool Header { get; set; } = true;

    /// <summary>Field values read as null (compared after trimming). Quoted values are never null.</summary>
    public List<string> NullValues { get; set; } = ["", "NA", "N/A", "null", "NULL"];

    /// <summary>Explicit column types, overriding inference: column name → type (int64, float64, boolean, string, date, timestamp, decimal(p,s), ...).</summary>
    public Dictionary<string, string> Types { get; set; } = [];

    /// <summary>Rows sampled to infer column types.</summary>
    [Range(1, 10_000_000)]
    public int InferRows { get; set; } = 10_000;

    public void Validate(OptionsValidationContext context)
    {
        if (Delimiter.Length != 1) context.BadValue("delimiter", "must be exactly one character");
        foreach (var (column, type) in Types)
        {
            if (!Data.ColumnTypes.TryParse(type, out _, out var error))
                context.BadValue($"types.{column}", error);
        }
    }
}
