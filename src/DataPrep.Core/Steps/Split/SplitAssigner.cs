using System.Buffers.Binary;
using System.IO.Hashing;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;

namespace DataPrep.Steps.Split;

/// <summary>
/// What both split steps share: the columns they read, the position of a row (or group) on the
/// unit interval (64 bits of a seeded hash of its key), and the split column they write.
/// </summary>
internal sealed class SplitAssigner
{
    public const byte Train = 0, Validation = 1, Test = 2;
    public static readonly string[] Names = ["train", "validation", "test"];

    private readonly SplitOptions _options;

    public SplitAssigner(SplitOptions options) => _options = options;

    public int[] Keys { get; private set; } = [];

    public int Label { get; private set; } = -1;

    public int[] Groups { get; private set; } = [];

    public Schema Output { get; private set; } = null!;

    /// <summary>Exclusive upper bounds on the unit interval (as 64-bit fixed point) of train and validation.</summary>
    public (UInt128 Train, UInt128 Validation) Bounds { get; private set; }

    public Schema Bind(Schema input, BindContext context)
    {
        for (var i = 0; i < _options.Key.Count; i++) context.RequireColumn(input, _options.Key[i], $"key[{i}]");
        Keys = _options.Key.Count > 0
            ? _options.Key.Select(c => input.GetFieldIndex(c)).Where(i => i >= 0).ToArray()
            : Enumerable.Range(0, input.FieldsList.Count).ToArray();
        if (_options.StratifyBy is { } label && context.RequireColumn(input, label, "stratify_by") is not null) Label = input.GetFieldIndex(label);
        for (var i = 0; i < _options.GroupBy.Count; i++) context.RequireColumn(input, _options.GroupBy[i], $"group_by[{i}]");
        Groups = _options.GroupBy.Select(c => input.GetFieldIndex(c)).Where(i => i >= 0).ToArray();
        foreach (var (c, member) in Keys.Select(c => (c, "key")).Concat(Groups.Select(c => (c, "group_by"))).Append((Label, "stratify_by")))
        {
            if (c >= 0 && !Hashable(input.GetFieldByIndex(c).DataType))
                context.Error(member, Definition.DiagnosticCodes.ColumnType, $"column '{input.GetFieldByIndex(c).Name}' of type {ColumnTypes.Format(input.GetFieldByIndex(c).DataType)} cannot be hashed");
        }
        if (input.GetFieldIndex(_options.Column) >= 0)
            context.Error("column", Definition.DiagnosticCodes.SplitColumn, $"column '{_options.Column}' already exists; name the split column otherwise");
        Output = new Schema(input.FieldsList.Append(new Field(_options.Column, StringType.Default, false)), input.Metadata);
        Bounds = (Fixed(_options.Train), Fixed(_options.Train + _options.Validation));
        return Output;
    }

    /// <summary>The fixed-point position of a fraction: a row at position u is below it when u &lt; bound.</summary>
    public static UInt128 Fixed(double fraction) =>
        fraction >= 1 ? (UInt128)1 << 64 : fraction <= 0 ? 0 : (UInt128)(ulong)Math.Round(fraction * 18446744073709551616.0);

    /// <summary>A position on the unit interval from a key hash and the run's seed: uniform, and the same in every run.</summary>
    public static ulong Position(UInt128 hash, long seed)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, hash);
        return XxHash3.HashToUInt64(bytes, seed);
    }

    public static byte Assign(ulong position, (UInt128 Train, UInt128 Validation) bounds) =>
        position < bounds.Train ? Train : position < bounds.Validation ? Validation : Test;

    /// <summary>The input with the split column appended, one code per row.</summary>
    public RecordBatch Append(RecordBatch input, ReadOnlySpan<byte> codes)
    {
        var builder = new StringArray.Builder();
        foreach (var code in codes) builder.Append(Names[code]);
        var arrays = Enumerable.Range(0, input.ColumnCount).Select(c => ArrowShare.Retain(input.Column(c))).Append(builder.Build());
        return new RecordBatch(Output, arrays, input.Length);
    }

    private static bool Hashable(IArrowType type) => type is StringType or BinaryType or BooleanType or FixedWidthType;
}
