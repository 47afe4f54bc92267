using System.Runtime.CompilerServices;
using Parquet.Schema;

namespace DataPrep.IO.Parquet;

/// <summary>
/// A byte[]-typed twin of a string column, so that Parquet.Net hands over (and takes) the UTF-8
/// bytes as stored instead of UTF-16 chars. Parquet.Net 6.1 finds a column chunk by the field's
/// path and decodes with the file's own schema element, and its row group writer matches a field
/// to the schema by name, so the twin reads and writes the very same column. Only the CLR type
/// differs; the STRING logical type in the file is untouched.
/// </summary>
internal static class ParquetByteView
{
    private static readonly ConditionalWeakTable<DataField, DataField> Views = new();

    public static DataField Of(DataField field) => Views.GetValue(field, Create);

    private static DataField Create(DataField field)
    {
        var view = new DataField(field.Name, typeof(byte[]), field.IsNullable);
        // Parquet.Net only reads or writes fields attached to a schema (levels come from there).
        _ = new ParquetSchema(view);
        return view;
    }
}
