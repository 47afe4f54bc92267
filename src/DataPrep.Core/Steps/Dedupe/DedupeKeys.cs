using Apache.Arrow;

namespace DataPrep.Steps.Dedupe;

/// <summary>Resolves the key columns of a dedupe against a schema.</summary>
internal static class DedupeKeys
{
    public static int[] Resolve(DedupeOptions options, Schema input, BindContext context)
    {
        if (options.Keys.Count > 0)
        {
            for (var i = 0; i < options.Keys.Count; i++) context.RequireColumn(input, options.Keys[i], $"keys[{i}]");
            return options.Keys.Select(k => input.GetFieldIndex(k)).Where(i => i >= 0).ToArray();
        }
        for (var i = 0; i < options.Exclude.Count; i++) context.RequireColumn(input, options.Exclude[i], $"exclude[{i}]");
        var label = options.LabelConflicts?.Label;
        return Enumerable.Range(0, input.FieldsList.Count)
            .Where(i => !options.Exclude.Contains(input.GetFieldByIndex(i).Name) && input.GetFieldByIndex(i).Name != label)
            .ToArray();
    }

    /// <summary>Packs a row id into 64 bits (24-bit source index, 40-bit row) to halve the state per key.</summary>
    public static long Pack(Data.RowId id) => ((long)id.Source << 40) | id.Row;

    public static Data.RowId Unpack(long packed) => new((int)(packed >> 40), packed & ((1L << 40) - 1));
}
