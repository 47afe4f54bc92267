using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace DataPrep.Steps.Encode;

/// <summary>
/// Reads a row's category as text into a caller's char buffer (no string per row): strings as
/// they are, integers in invariant decimal, booleans as true / false.
/// </summary>
internal static class CategoryReader
{
    public static bool Supports(IArrowType type) => type is StringType or BooleanType
        or Int8Type or Int16Type or Int32Type or Int64Type or UInt8Type or UInt16Type or UInt32Type or UInt64Type;

    /// <summary>Whether categories of this type sort as numbers (scikit-learn sorts numeric categories numerically).</summary>
    public static bool IsNumeric(IArrowType type) => type is not (StringType or BooleanType);

    /// <returns>The characters written, or -1 for null.</returns>
    public static int Read(IArrowArray array, int row, ref char[] buffer)
    {
        if (array.IsNull(row)) return -1;
        switch (array)
        {
            case StringArray s:
                var bytes = s.GetBytes(row);
                if (buffer.Length < bytes.Length) buffer = new char[Math.Max(bytes.Length, buffer.Length * 2)];
                return Encoding.UTF8.GetChars(bytes, buffer);
            case BooleanArray b:
                var text = b.GetValue(row)!.Value ? "true" : "false";
                text.CopyTo(buffer);
                return text.Length;
            default:
                var written = 0;
                var ok = array switch
                {
                    Int8Array a => a.GetValue(row)!.Value.TryFormat(buffer, out written, default, CultureInfo.InvariantCulture),
                    Int16Array a => a.GetValue(row)!.Value.TryFormat(buffer, out written, default, CultureInfo.InvariantCulture),
                    Int32Array a => a.GetValue(row)!.Value.TryFormat(buffer, out written, default, CultureInfo.InvariantCulture),
                    Int64Array a => a.GetValue(row)!.Value.TryFormat(buffer, out written, default, CultureInfo.InvariantCulture),
                    UInt8Array a => a.GetValue(row)!.Value.TryFormat(buffer, out written, default, CultureInfo.InvariantCulture),
                    UInt16Array a => a.GetValue(row)!.Value.TryFormat(buffer, out written, default, CultureInfo.InvariantCulture),
                    UInt32Array a => a.GetValue(row)!.Value.TryFormat(buffer, out written, default, CultureInfo.InvariantCulture),
                    UInt64Array a => a.GetValue(row)!.Value.TryFormat(buffer, out written, default, CultureInfo.InvariantCulture),
                    _ => throw new NotSupportedException($"column type {array.Data.DataType.Name} is not categorical"),
                };
                return ok ? written : throw new InvalidOperationException("category buffer too small");
        }
    }
}
