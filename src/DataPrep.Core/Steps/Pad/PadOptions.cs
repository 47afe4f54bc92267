using System.ComponentModel.DataAnnotations;
using DataPrep.Definition;

namespace DataPrep.Steps.Pad;

/// <summary>
/// Pads or truncates list (sequence) columns to a fixed length, as Keras' pad_sequences does, with
/// an optional mask column per list (1 for a real element, 0 for padding). A null list counts as empty.
/// </summary>
public sealed class PadOptions : IValidatableOptions
{
    /// <summary>The list columns (lists of numbers or strings).</summary>
    public List<string> Columns { get; set; } = [];

    /// <summary>The length every list gets.</summary>
    [Range(1, 1_000_000)]
    public int Length { get; set; } = 1;

    /// <summary>Where padding goes: <c>right</c> (after the elements) or <c>left</c> (before them).</summary>
    public PadSide Padding { get; set; } = PadSide.Right;

    /// <summary>Which end of a too-long list is cut: <c>right</c> keeps the first elements, <c>left</c> keeps the last.</summary>
    public PadSide Truncating { get; set; } = PadSide.Right;

    /// <summary>The pad value, converted to the element type; default 0 for numbers and "" for strings.</summary>
    public string? Value { get; set; }

    /// <summary>Also emit <c>COLUMN_mask</c> after each padded column: a list of the same length, 1 (or true) for real elements and 0 (false) for padding.</summary>
    public bool Mask { get; set; }

    /// <summary>Element type of the mask: <c>int8</c> (0/1) or <c>boolean</c>.</summary>
    public MaskType MaskType { get; set; } = MaskType.Int8;

    public void Validate(OptionsValidationContext context)
    {
        if (Columns.Count == 0) context.BadValue("columns", "name at least one list column");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Columns.Count; i++)
        {
            if (!seen.Add(Columns[i])) context.Error($"columns[{i}]", DiagnosticCodes.DuplicateColumn, $"column '{Columns[i]}' is listed twice");
        }
    }
}

/// <summary>An end of a list.</summary>
public enum PadSide
{
    Right,
    Left,
}

/// <summary>Element type of a mask list.</summary>
public enum MaskType
{
    Int8,
    Boolean,
}
