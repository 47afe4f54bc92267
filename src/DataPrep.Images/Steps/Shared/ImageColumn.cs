using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Steps;

namespace DataPrep.Images.Steps.Shared;

/// <summary>Binding helpers for steps that read an encoded-image column.</summary>
internal static class ImageColumn
{
    /// <summary>The column's index, or -1 after reporting a missing or non-binary column.</summary>
    public static int Resolve(Schema input, string column, BindContext context, string member = "column")
    {
        if (context.RequireColumn(input, column, member) is not { } field) return -1;
        if (field.DataType is not BinaryType)
        {
            context.Error(member, ImageDiagnostics.NotBinary, $"column '{column}' is {field.DataType.Name}, not binary: an image column holds encoded image bytes");
            return -1;
        }
        return input.GetFieldIndex(column);
    }

    /// <summary>Another reference to the same buffers (the input batch is disposed by the engine, not the step).</summary>
    public static IArrowArray Share(IArrowArray array) => ArrowArrayFactory.BuildArray(array.Data.Retain());

    /// <summary>Schema with <paramref name="added"/> fields replacing same-named ones in place, or appended.</summary>
    public static Schema With(Schema input, IEnumerable<Field> added)
    {
        var fields = input.FieldsList.ToList();
        foreach (var f in added)
        {
            var i = fields.FindIndex(x => x.Name == f.Name);
            if (i >= 0) fields[i] = f; else fields.Add(f);
        }
        return new Schema(fields, input.Metadata);
    }
}
