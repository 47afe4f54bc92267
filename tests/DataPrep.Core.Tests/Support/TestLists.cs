using Apache.Arrow;
using Apache.Arrow.Types;

namespace DataPrep.Tests.Support;

/// <summary>Int32 list columns from nested arrays (null: a null list or element) and back.</summary>
internal static class TestLists
{
    public static ListArray Build(int?[]?[] rows)
    {
        var builder = new ListArray.Builder(Int32Type.Default);
        var values = (Int32Array.Builder)builder.ValueBuilder;
        foreach (var row in rows)
        {
            if (row is null) { builder.AppendNull(); continue; }
            builder.Append();
            foreach (var v in row)
                if (v is null) values.AppendNull(); else values.Append(v.Value);
        }
        return builder.Build();
    }

    public static List<int?[]?> Rows(ListArray list) => Enumerable.Range(0, list.Length)
        .Select(r => list.IsNull(r) ? null : ((Int32Array)list.GetSlicedValues(r)).Select(v => v).ToArray()).ToList();
}
