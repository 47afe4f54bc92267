using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;

namespace DataPrep.Steps.Anonymize;

/// <summary>generalize with numeric bins: the value becomes the text of its bin, <c>[lo, hi)</c>.</summary>
internal sealed class BinTransform(double? width, double[]? edges) : ColumnTransform
{
    public override IArrowType OutputType => StringType.Default;

    public override IArrowArray Apply(IArrowArray input, BatchContext context)
    {
        var builder = new StringArray.Builder().Reserve(input.Length);
        var labels = new Dictionary<double, string>(); // bins repeat: one label string per bin and batch
        for (var row = 0; row < input.Length; row++)
        {
            if (!ArrowValues.TryGetDouble(input, row, out var v) || double.IsNaN(v)) { builder.AppendNull(); continue; }
            var key = width is { } w ? Math.Floor(v / w) : Index(v);
            if (!labels.TryGetValue(key, out var label)) labels[key] = label = Label(key);
            builder.Append(label);
        }
        return builder.Build();
    }

    private double Index(double v)
    {
        var i = System.Array.BinarySearch(edges!, v);
        return i >= 0 ? i : ~i - 1; // -1: below the first edge
    }

    private string Label(double key)
    {
        if (width is { } w) return $"[{Invariant(key * w)}, {Invariant((key + 1) * w)})";
        var i = (int)key;
        if (i < 0) return $"(-inf, {Invariant(edges![0])})";
        return i == edges!.Length - 1 ? $"[{Invariant(edges[i])}, inf)" : $"[{Invariant(edges[i])}, {Invariant(edges[i + 1])})";
    }
}

/// <summary>generalize a date or timestamp to the first day of its ISO week, month or year (a date).</summary>
internal sealed class DateTransform(DateGranularity to) : ColumnTransform
{
    private static readonly int EpochDay = new DateOnly(1970, 1, 1).DayNumber;

    public override IArrowType OutputType => Date32Type.Default;

    public override IArrowArray Apply(IArrowArray input, BatchContext context)
    {
        var builder = new Date32Array.Builder().Reserve(input.Length);
        for (var row = 0; row < input.Length; row++)
        {
            DateOnly? d = input switch
            {
                Date32Array a => a.GetDateOnly(row),
                Date64Array a => a.GetDateOnly(row),
                TimestampArray a => a.GetTimestamp(row) is { } t ? DateOnly.FromDateTime(t.UtcDateTime) : null,
                _ => throw new InvalidOperationException($"cannot generalize a {input.Data.DataType.Name} column to a date"),
            };
            if (d is not { } date) { builder.AppendNull(); continue; }
            var start = to switch
            {
                DateGranularity.Week => date.AddDays(-(((int)date.DayOfWeek + 6) % 7)),
                DateGranularity.Month => new DateOnly(date.Year, date.Month, 1),
                _ => new DateOnly(date.Year, 1, 1),
            };
            builder.Append(start);
        }
        return builder.Build();
    }
}

/// <summary>generalize text: keep a prefix (postal codes) or climb a user-given category hierarchy.</summary>
internal sealed class CategoryTransform(int? keepPrefix, Dictionary<string, string>? hierarchy, int levels, string other) : ColumnTransform
{
    public override IArrowType OutputType => StringType.Default;

    public override IArrowArray Apply(IArrowArray input, BatchContext context)
    {
        var strings = (StringArray)input;
        var builder = new StringArray.Builder().Reserve(input.Length);
        for (var row = 0; row < input.Length; row++)
        {
            if (input.IsNull(row)) { builder.AppendNull(); continue; }
            if (keepPrefix is { } n)
            {
                var value = strings.GetBytes(row);
                var end = 0;
                for (var chars = 0; end < value.Length && chars < n; chars++)
                {
                    end++;
                    while (end < value.Length && (value[end] & 0xC0) == 0x80) end++;
                }
                builder.Append(value[..end]);
                continue;
            }
            var category = strings.GetString(row);
            for (var level = 0; level < levels; level++)
                category = hierarchy!.TryGetValue(category, out var parent) ? parent : level == 0 ? other : category; // a top category stays
            builder.Append(category);
        }
        return builder.Build();
    }
}
