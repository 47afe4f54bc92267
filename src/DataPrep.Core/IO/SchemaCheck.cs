using Apache.Arrow;
using DataPrep.Data;

namespace DataPrep.IO;

/// <summary>Checks a file's (projected) schema against the one the run expects.</summary>
internal static class SchemaCheck
{
    public static void Require(Schema actual, Schema? expected, string file)
    {
        if (expected is null) return;
        foreach (var field in expected.FieldsList)
        {
            var index = actual.GetFieldIndex(field.Name);
            if (index < 0) throw new InvalidDataException($"{file}: column '{field.Name}' is missing; the first input has it");
            var type = actual.GetFieldByIndex(index).DataType;
            if (!ColumnTypes.SameType(type, field.DataType))
                throw new InvalidDataException($"{file}: column '{field.Name}' is {ColumnTypes.Format(type)}; the first input has {ColumnTypes.Format(field.DataType)}");
        }
    }
}
