using System.Buffers;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using DataPrep.Data;
using DataPrep.Reports.Sketches;
using DataPrep.Steps;

namespace DataPrep.Reports.Profiling;

/// <summary>
/// Measures what one step does, from each batch's input and output as the step returns it (before
/// marked rows are removed), in the final pass. Cheap by construction: in each batch, a column is
/// profiled only if the step changed or added it there (its buffers differ from the input's), and
/// then on both sides with the same mergeable sketches as the source and sink profiles; a batch the
/// step passed a column through unchanged adds only its row and null counts to the column's null
/// rates (both sides are the same there). So a column's shift (PSI, Jensen-Shannon) compares the
/// batches the step changed it in. The label's classes are counted on both sides. Called
/// concurrently: each batch fills its own accumulator, merged in source order
/// (<see cref="InOrderMerger{T}"/>), so the effects are the same at any parallelism.
/// </summary>
internal sealed class StepEffectsCollector
{
    private readonly string? _label;
    private readonly IReadOnlySet<string> _sensitive;
    private readonly Accumulator _merged = new();
    private readonly InOrderMerger<Accumulator> _merger;

    public StepEffectsCollector(string? label, IReadOnlySet<string> sensitive)
    {
        _label = label is not null && !sensitive.Contains(label) ? label : null;
        _sensitive = sensitive;
        _merger = new InOrderMerger<Accumulator>(_merged.Merge);
    }

    /// <summary>Batch <paramref name="sequence"/> (0, 1, 2, … in source order; each once) as the step returned it; called concurrently.</summary>
    public void Observe(long sequence, RecordBatch input, RecordBatch output, BatchContext context)
    {
        var acc = new Accumulator();
        if (_label is not null) CountClasses(acc, input, output, context);
        if (output.Length == input.Length) Columns(acc, sequence, input, output);
        else MadeRows(acc, sequence, input, output);
        _merger.Add(sequence, acc);
    }

    private void CountClasses(Accumulator acc, RecordBatch input, RecordBatch output, BatchContext context)
    {
        var i = input.Schema.GetFieldIndex(_label!);
        var o = output.Schema.GetFieldIndex(_label!);
        if (i >= 0) acc.Before.Add(input.Column(i), null, 1);
        if (o < 0) return;
        acc.After.Add(output.Column(o), null, 1);
        // Marked rows leave after the step; they are input rows, with the input's label.
        if (i >= 0 && context.Removed is { } removed) acc.After.Add(input.Column(i), removed, -1);
    }

    private void Columns(Accumulator acc, long sequence, RecordBatch input, RecordBatch output)
    {
        double[]? scratch = null;
        try
        {
            for (var c = 0; c < output.ColumnCount; c++)
            {
                var field = output.Schema.GetFieldByIndex(c);
                var before = input.Schema.GetFieldIndex(field.Name);
                var after = output.Column(c);
                if (before >= 0 && SameBuffers(input.Column(before), after))
                {
                    acc.PassedThrough(field.Name, after.Length, after.NullCount);
                    continue;
                }
                if (!acc.Columns.TryGetValue(field.Name, out var col))
                {
                    var sensitive = _sensitive.Contains(field.Name);
                    col = new ColumnAccumulator(before >= 0 ? new ColumnProfiler(input.Schema.GetFieldByIndex(before), sensitive, KllSketch.SeedOf(sequence, 2 * c)) : null,
                        new ColumnProfiler(field, sensitive, KllSketch.SeedOf(sequence, 2 * c + 1)), sensitive);
                    acc.Columns[field.Name] = col;
                }
                scratch ??= ArrayPool<double>.Shared.Rent(2 * input.Length);
                col.Add(before >= 0 ? input.Column(before) : null, after, scratch);
            }
        }
        finally
        {
            if (scratch is not null) ArrayPool<double>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// A step that made rows (oversampling, SMOTE) rebuilds every column, and its rows no longer line
    /// up with the input's: each column is profiled on both sides for its shift, without per-row
    /// counts (values changed, nulls filled) that need the rows to line up.
    /// </summary>
    private void MadeRows(Accumulator acc, long sequence, RecordBatch input, RecordBatch output)
    {
        for (var c = 0; c < output.ColumnCount; c++)
        {
            var field = output.Schema.GetFieldByIndex(c);
            var before = input.Schema.GetFieldIndex(field.Name);
            if (before < 0) continue;
            if (!acc.Columns.TryGetValue(field.Name, out var col))
            {
                var sensitive = _sensitive.Contains(field.Name);
                col = new ColumnAccumulator(new ColumnProfiler(input.Schema.GetFieldByIndex(before), sensitive, KllSketch.SeedOf(sequence, 2 * c)),
                    new ColumnProfiler(field, sensitive, KllSketch.SeedOf(sequence, 2 * c + 1)), sensitive);
                acc.Columns[field.Name] = col;
            }
            col.AddUnaligned(input.Column(before), output.Column(c));
        }
    }

    /// <summary>True when two arrays are views of the same memory (a column the step passed through, retained or not).</summary>
    internal static bool SameBuffers(IArrowArray a, IArrowArray b)
    {
        if (ReferenceEquals(a, b)) return true;
        var (x, y) = (a.Data, b.Data);
        if (x.Length != y.Length || x.Offset != y.Offset || x.DataType.TypeId != y.DataType.TypeId || x.Buffers.Length != y.Buffers.Length) return false;
        for (var i = 0; i < x.Buffers.Length; i++)
        {
            var p = x.Buffers[i].Span;
            var q = y.Buffers[i].Span;
            if (p.Length != q.Length || (p.Length > 0 && !Unsafe.AreSame(ref MemoryMarshal.GetReference(p), ref MemoryMarshal.GetReference(q)))) return false;
        }
        return true;
    }

    public StepEffects Finish(string stepName, IReadOnlyList<ReasonCount> reasons, IReadOnlyList<DuplicateCluster> clusters)
    {
        _merger.Flush();
        var merged = _merged;
        var columns = merged.Columns.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => c.Value.Finish(c.Key, merged.Unchanged.GetValueOrDefault(c.Key))).ToList();
        var changed = columns.Sum(c => c.ValuesChanged ?? 0);
        long? outliers = stepName == "outliers" ? changed + columns.Sum(c => c.NullsSet) + reasons.Sum(r => r.Count) : null;
        long? duplicates = stepName == "dedupe" ? reasons.Where(r => r.Code.StartsWith("dedupe.", StringComparison.Ordinal)).Sum(r => r.Count) : null;
        return new StepEffects
        {
            NullsFilled = columns.Sum(c => c.Shift.NullsFilled),
            ValuesChanged = changed,
            OutliersHandled = outliers,
            DuplicatesRemoved = duplicates,
            DuplicateClusters = clusters,
            ClassBalance = _label is null ? null : merged.Balance(_label),
            Columns = columns.Select(c => c.Shift).ToList(),
        };
    }

    private sealed class Accumulator
    {
        public LabelCounter Before { get; } = new();

        public LabelCounter After { get; } = new();

        public Dictionary<string, ColumnAccumulator> Columns { get; } = new(StringComparer.Ordinal);

        /// <summary>Rows and nulls of the batches that passed a column through unchanged.</summary>
        public Dictionary<string, (long Rows, long Nulls)> Unchanged { get; } = new(StringComparer.Ordinal);

        public void PassedThrough(string column, long rows, long nulls)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(Unchanged, column, out _);
            slot = (slot.Rows + rows, slot.Nulls + nulls);
        }

        public void Merge(Accumulator other)
        {
            Before.Merge(other.Before);
            After.Merge(other.After);
            foreach (var (name, (rows, nulls)) in other.Unchanged) PassedThrough(name, rows, nulls);
            foreach (var (name, col) in other.Columns)
            {
                if (Columns.TryGetValue(name, out var mine)) mine.Merge(col);
                else Columns[name] = col;
            }
        }

        public ClassBalance Balance(string label)
        {
            if (Before.TooMany || After.TooMany) return new ClassBalance { Label = label, TooManyClasses = true };
            var before = Before.Counts().OrderByDescending(c => c.Count).ThenBy(c => c.Label, StringComparer.Ordinal).ToList();
            var after = After.Counts().ToDictionary(c => c.Label, c => c.Count, StringComparer.Ordinal);
            var order = before.Select(c => c.Label).Concat(after.Keys.Where(k => before.All(b => b.Label != k)).Order(StringComparer.Ordinal)).ToList();
            return new ClassBalance
            {
                Label = label,
                Before = before.Select(c => new ValueCount { Value = c.Label, Count = c.Count }).ToList(),
                After = order.Select(l => new ValueCount { Value = l, Count = after.GetValueOrDefault(l) }).ToList(),
            };
        }
    }

    private sealed class ColumnAccumulator(ColumnProfiler? before, ColumnProfiler after, bool sensitive)
    {
        private long _nullsFilled, _nullsSet, _changed;
        private bool _comparable = true;

        public void Add(IArrowArray? input, IArrowArray output, double[] scratch)
        {
            var n = output.Length;
            var hashes = ArrayPool<ulong>.Shared.Rent(n);
            try
            {
                after.Accumulate(output, hashes.AsSpan(0, n));
                if (input is null) return;
                before!.Accumulate(input, hashes.AsSpan(0, n));
            }
            finally { ArrayPool<ulong>.Shared.Return(hashes); }
            if (input.NullCount > 0 || output.NullCount > 0)
            {
                for (var i = 0; i < n; i++)
                {
                    var (wasNull, isNull) = (input.IsNull(i), output.IsNull(i));
                    if (wasNull && !isNull) _nullsFilled++;
                    else if (!wasNull && isNull) _nullsSet++;
                }
            }
            _comparable &= CountChanged(input, output, scratch, ref _changed);
        }

        /// <summary>Both sides' distributions only: the rows do not line up (the step made rows), so nothing is counted per row.</summary>
        public void AddUnaligned(IArrowArray input, IArrowArray output)
        {
            _comparable = false;
            var hashes = ArrayPool<ulong>.Shared.Rent(Math.Max(input.Length, output.Length));
            try
            {
                after.Accumulate(output, hashes.AsSpan(0, output.Length));
                hashes.AsSpan(0, input.Length).Clear();
                before!.Accumulate(input, hashes.AsSpan(0, input.Length));
            }
            finally { ArrayPool<ulong>.Shared.Return(hashes); }
        }

        /// <summary>Counts values present on both sides that differ; false when the two columns cannot be compared like for like.</summary>
        private static bool CountChanged(IArrowArray input, IArrowArray output, double[] scratch, ref long changed)
        {
            var n = output.Length;
            var (ki, ko) = (ColumnKinds.Of(input.Data.DataType), ColumnKinds.Of(output.Data.DataType));
            var nulls = input.NullCount > 0 || output.NullCount > 0;
            // Numbers compare by value across widths (an integer column imputed into doubles); other kinds need the same type.
            static bool Number(ColumnKind k) => k is ColumnKind.Integer or ColumnKind.Float or ColumnKind.Decimal;
            if ((Number(ki) && Number(ko)) || (ki == ko && ColumnKinds.IsNumeric(ki) && input.Data.DataType.TypeId == output.Data.DataType.TypeId))
            {
                var a = scratch.AsSpan(0, n);
                var b = scratch.AsSpan(n, n);
                NumberReader.Read(input, a);
                NumberReader.Read(output, b);
                for (var i = 0; i < n; i++)
                {
                    if (BitConverter.DoubleToInt64Bits(a[i]) == BitConverter.DoubleToInt64Bits(b[i])) continue;
                    if (nulls && (input.IsNull(i) || output.IsNull(i))) continue;
                    changed++;
                }
                return true;
            }
            if (input.Data.DataType.TypeId != output.Data.DataType.TypeId) return false;
            if (input is BinaryArray x && output is BinaryArray y)
            {
                for (var i = 0; i < n; i++)
                {
                    var p = x.GetBytes(i, out var pn);
                    var q = y.GetBytes(i, out var qn);
                    if (!pn && !qn && !p.SequenceEqual(q)) changed++;
                }
                return true;
            }
            if (input is BooleanArray u && output is BooleanArray v)
            {
                for (var i = 0; i < n; i++)
                    if (u.GetValue(i) is { } p && v.GetValue(i) is { } q && p != q) changed++;
                return true;
            }
            return false;
        }

        public long NullsSet => _nullsSet;

        public void Merge(ColumnAccumulator other)
        {
            if (other.Before is { } b) before?.Merge(b);
            after.Merge(other.After);
            _nullsFilled += other._nullsFilled;
            _nullsSet += other._nullsSet;
            _changed += other._changed;
            _comparable &= other._comparable;
        }

        private ColumnProfiler? Before => before;

        private ColumnProfiler After => after;

        /// <param name="unchanged">Rows and nulls of the batches that passed the column through: they count in both null rates.</param>
        public (ColumnShift Shift, long? ValuesChanged, long NullsSet) Finish(string name, (long Rows, long Nulls) unchanged)
        {
            static double Rate(long nulls, long rows) => rows == 0 ? 0 : (double)nulls / rows;
            var a = after.Finish();
            var b = before?.Finish();
            var drift = b is not null && !sensitive ? DriftCalculator.Column(a, b) : null;
            var changed = b is not null && _comparable ? _changed : (long?)null;
            return (new ColumnShift
            {
                Name = name,
                Added = b is null,
                NullsFilled = _nullsFilled,
                ValuesChanged = changed,
                NullRateBefore = b is null ? null : Rate(b.Nulls + unchanged.Nulls, b.Count + unchanged.Rows),
                NullRateAfter = Rate(a.Nulls + unchanged.Nulls, a.Count + unchanged.Rows),
                Psi = drift?.Psi,
                JensenShannon = drift?.JensenShannon,
            }, changed, _nullsSet);
        }
    }
}

/// <summary>
/// Counts a label column's classes without a string per row: values are keyed by their hash (the
/// integer itself for integers), and a class's text is made once, when it is first seen.
/// </summary>
internal sealed class LabelCounter
{
    public const int MaxClasses = 1000;
    private const ulong NullKey = 0x9E3779B97F4A7C15UL;

    private readonly Dictionary<ulong, (string Label, long Count)> _counts = [];

    public bool TooMany { get; private set; }

    /// <summary>Adds <paramref name="sign"/> per row (rows with <paramref name="only"/> set, or all rows).</summary>
    public void Add(IArrowArray array, bool[]? only, int sign)
    {
        if (TooMany) return;
        for (var i = 0; i < array.Length; i++)
        {
            if (only is not null && !only[i]) continue;
            ulong key;
            if (array.IsNull(i)) key = NullKey;
            else
            {
                key = array switch
                {
                    BinaryArray b => XxHash3.HashToUInt64(b.GetBytes(i)),
                    BooleanArray b => b.GetValue(i)!.Value ? 1UL : 0UL,
                    Int64Array a => (ulong)a.GetValue(i)!.Value,
                    Int32Array a => (ulong)a.GetValue(i)!.Value,
                    Int16Array a => (ulong)a.GetValue(i)!.Value,
                    Int8Array a => (ulong)a.GetValue(i)!.Value,
                    UInt64Array a => a.GetValue(i)!.Value,
                    UInt32Array a => a.GetValue(i)!.Value,
                    UInt16Array a => a.GetValue(i)!.Value,
                    UInt8Array a => a.GetValue(i)!.Value,
                    _ => XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(Data.ArrowValues.Format(Data.ArrowValues.Get(array, i)))),
                };
            }
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, key, out var exists);
            if (!exists) slot.Label = key == NullKey && array.IsNull(i) ? "(null)" : Data.ArrowValues.Format(Data.ArrowValues.Get(array, i));
            slot.Count += sign;
            if (_counts.Count > MaxClasses) { TooMany = true; _counts.Clear(); return; }
        }
    }

    public void Merge(LabelCounter other)
    {
        if (other.TooMany) { TooMany = true; _counts.Clear(); }
        if (TooMany) return;
        foreach (var (key, (label, count)) in other._counts)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, key, out var exists);
            if (!exists) slot.Label = label;
            slot.Count += count;
        }
        if (_counts.Count > MaxClasses) { TooMany = true; _counts.Clear(); }
    }

    public IEnumerable<(string Label, long Count)> Counts() => _counts.Values.Where(v => v.Count != 0);
}
