using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;

namespace DataPrep.Steps.Anonymize;

/// <summary>One column's protection, bound to its input type: builds the protected array of a batch.</summary>
internal abstract class ColumnTransform
{
    public abstract IArrowType OutputType { get; }

    /// <summary>Builds the protected column. Must not dispose <paramref name="input"/>.</summary>
    public abstract IArrowArray Apply(IArrowArray input, BatchContext context);

    /// <summary>The value of any column as UTF-8 text: string values as stored, others in their invariant text form.</summary>
    protected static ReadOnlySpan<byte> Text(IArrowArray array, int row, ref byte[] scratch)
    {
        if (array is StringArray s) return s.GetBytes(row);
        var text = ArrowValues.Format(ArrowValues.Get(array, row));
        var needed = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        if (scratch.Length < needed) scratch = new byte[Math.Max(needed, 2 * scratch.Length)];
        var n = System.Text.Encoding.UTF8.GetBytes(text, scratch);
        return scratch.AsSpan(0, n);
    }

    protected static string Invariant(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
